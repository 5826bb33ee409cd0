import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import {
  createColumnMapping,
  deleteColumnMapping,
  getColumnMapping,
  listColumnMappings,
  savedMapping,
  type ColumnMappingItem,
} from '../../../column-mappings/mapping-store.ts';
import {
  checkColumnMapping,
  type ColumnMapping,
  type MappingFieldError,
  type SavedColumnMapping,
} from '../../../cycler/mapping/user-mapping.ts';
import type { Database } from '../../../db/schema.ts';
import { HttpProblem, problemBody } from '../../http/problem.ts';
import { IdParams, toId } from '../../schemas/common.ts';

const tags = ['column mappings'];

/** The name of a mapping as uploads and retries give it (`?mapping=`). */
export const MappingName = Type.String({
  minLength: 1,
  maxLength: 100,
  description: 'the name of a saved column mapping to read the file with (its column names must match)',
});

/** The saved mapping an upload or a retry named; an unknown name is a 400 naming `mapping`. */
export async function namedMapping(
  db: Kysely<Database>,
  name: string | undefined,
): Promise<SavedColumnMapping | undefined> {
  if (name === undefined) return undefined;
  const item = await getColumnMapping(db, { name });
  if (item === undefined)
    throw new HttpProblem('INVALID_INPUT', `there is no column mapping named "${name}"`, {
      field: 'mapping',
    });
  return savedMapping(item);
}

/** A new mapping as checked: its name, the file's column names and which column holds what. */
export interface NewMapping {
  name: string;
  columns: string[];
  mapping: ColumnMapping;
}

/** A new mapping's fields, checked all together; the answer names every bad field. */
export function checkNewMapping(
  body: unknown,
): { ok: true; value: NewMapping } | { ok: false; errors: MappingFieldError[] } {
  const input = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const errors: MappingFieldError[] = [];
  const name = typeof input['name'] === 'string' ? input['name'].trim() : '';
  if (name.length < 1 || name.length > 100)
    errors.push({ field: 'name', message: 'Name: give the mapping a name of 1 to 100 characters' });
  const columns = input['columns'];
  const names = Array.isArray(columns) && columns.every((c) => typeof c === 'string') ? columns : null;
  if (names === null || names.length < 3 || names.length > 1000)
    errors.push({ field: 'columns', message: "Columns: the file's column names, 3 to 1,000 of them" });
  const checked = checkColumnMapping(input, names?.length ?? 0);
  // Without the column names no position can be checked: only say what else is wrong.
  if (!checked.ok)
    errors.push(...checked.errors.filter((e) => names !== null || !e.field.endsWith('.column')));
  if (errors.length > 0 || !checked.ok || names === null) return { ok: false, errors };
  return { ok: true, value: { name, columns: names, mapping: checked.mapping } };
}

/** 400 with every bad field: `field` is the first, `errors` lists them all. */
export function sendMappingErrors(reply: FastifyReply, errors: readonly MappingFieldError[]) {
  const body = {
    ...problemBody('INVALID_INPUT', errors.map((e) => e.message).join('; '), errors[0]?.field),
    errors,
  };
  return reply.code(400).type('application/problem+json; charset=utf-8').send(body);
}

const MappedColumnJson = Type.Object({
  column: Type.Integer({ minimum: 0, description: '0-based position in the header' }),
  unit: Type.Optional(Type.String()),
});

const MappingJson = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  columns: Type.Array(Type.String()),
  mapping: Type.Object({
    fields: Type.Record(Type.String(), MappedColumnJson),
    chargeCurrent: Type.Union([Type.Literal('positive'), Type.Literal('negative')]),
  }),
  createdBy: Type.Union([Type.Integer(), Type.Null()]),
  createdAt: Type.Integer(),
});

/** Saves a mapping checked by `checkNewMapping`, audited in the same transaction. */
export async function saveMapping(
  app: FastifyInstance,
  request: FastifyRequest,
  checked: NewMapping,
): Promise<ColumnMappingItem> {
  const { authz, connection } = app.batterydb;
  const actorId = request.subject?.user.id ?? null;
  return createColumnMapping(
    connection.db,
    {
      name: checked.name,
      columns: checked.columns,
      mapping: checked.mapping,
      userId: actorId,
      now: Date.now(),
    },
    (trx, id) =>
      authz.withTransaction(trx).recordAudit({
        actorId,
        action: 'data.mapping-create',
        target: { type: 'batterydb.column_mapping', id },
        before: null,
        after: { name: checked.name, columns: checked.columns, mapping: checked.mapping },
        clientAddress: request.ip,
      }),
  );
}

/**
 * Column mappings: lab-wide reference data, not anyone's object. Whoever may add experiments
 * (`batterydb.add_experiment`, which every uploader holds) lists and makes them; staff with
 * `batterydb.delete_experiment` delete them. The body of a new mapping is checked by hand
 * (not by the schema) so that every bad field is named at once.
 */
export function columnMappingRoutes(app: FastifyInstance): void {
  const { authz, connection } = app.batterydb;

  app.get(
    '/api/column-mappings',
    {
      config: { access: { kind: 'permission', permission: 'batterydb.add_experiment' } },
      schema: {
        summary: 'The saved column mappings (for CSVs in no layout BatteryDB reads), by name',
        tags,
        response: { 200: Type.Object({ items: Type.Array(MappingJson) }) },
      },
    },
    async () => ({ items: await listColumnMappings(connection.db) }),
  );

  app.post(
    '/api/column-mappings',
    {
      config: { access: { kind: 'permission', permission: 'batterydb.add_experiment' } },
      schema: {
        summary: 'Save a column mapping: which column (0-based) holds which quantity, in which unit',
        description:
          'Body: `{ name, columns: [the file\'s column names], fields: { time: { column, unit: "s"|"min"|"h" }, ' +
          'current: { column, unit: "A"|"mA" }, voltage: { column, unit: "V"|"mV" }, cycle?, step?, ' +
          'chargeCapacity?/dischargeCapacity? ("Ah"|"mAh"), chargeEnergy?/dischargeEnergy? ("Wh"|"mWh"), ' +
          'temperature? ("°C") }, chargeCurrent: "positive"|"negative" }`. Later files whose column names ' +
          'are these are imported with it without asking. A 400 lists every bad field in `errors`.',
        tags,
        body: Type.Object({}, { additionalProperties: true }),
        response: { 201: MappingJson },
      },
    },
    async (request, reply) => {
      const checked = checkNewMapping(request.body);
      if (!checked.ok) return sendMappingErrors(reply, checked.errors);
      return reply.code(201).send(await saveMapping(app, request, checked.value));
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/column-mappings/:id',
    {
      config: { access: { kind: 'staff', permission: 'batterydb.delete_experiment' } },
      schema: {
        summary: 'Delete a column mapping (files imported with it keep their data)',
        tags,
        params: IdParams,
      },
    },
    async (request, reply) => {
      const id = toId(request.params.id, 'id');
      const actorId = request.subject?.user.id ?? null;
      await deleteColumnMapping(connection.db, id, (trx, item) =>
        authz.withTransaction(trx).recordAudit({
          actorId,
          action: 'data.mapping-delete',
          target: { type: 'batterydb.column_mapping', id },
          before: { name: item.name, columns: item.columns, mapping: item.mapping },
          after: null,
          clientAddress: request.ip,
        }),
      );
      return reply.code(204).send();
    },
  );
}
