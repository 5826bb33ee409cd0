import { AuthzError } from '@batterydb/authz';
import type { FastifyInstance } from 'fastify';
import { CELL_FIELD_NAMES } from '../../cells/cell-fields.ts';
import { createCell, updateCell } from '../../cells/change-cells.ts';
import { onExperiment } from '../../server/access.ts';
import { dataAudit } from '../../server/routes/experiment-data/data-audit.ts';
import { requireExperiment } from '../../server/routes/experiment-data/experiment-access.ts';
import { closed, IdString, toId } from '../../server/schemas/common.ts';
import { formBody, FormText } from '../forms/form-schema.ts';
import { setFlash } from '../layout/flash.ts';
import { seeOther } from '../render.ts';

const TEXT_FIELDS = new Set([
  'label',
  'cycler',
  'channel',
  'notes',
  'cathodeMaterial',
  'anodeMaterial',
  'electrolyte',
  'formFactor',
]);

/**
 * A form's strings as a cell body: blank numbers are "none" (null), a decimal comma is a point,
 * and a number that is not one is refused naming its field, as the API would.
 */
export function cellBodyOfForm(form: Record<string, string | undefined>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const name of CELL_FIELD_NAMES) {
    const text = form[name];
    if (text === undefined) continue;
    if (TEXT_FIELDS.has(name)) {
      body[name] = text;
      continue;
    }
    const trimmed = text.trim().replace(',', '.');
    const n = trimmed === '' ? null : Number(trimmed);
    if (n !== null && !Number.isFinite(n))
      throw new AuthzError('INVALID_INPUT', `${name} must be a number (or empty)`, name);
    body[name] = n;
  }
  return body;
}

const fields = Object.fromEntries(CELL_FIELD_NAMES.map((n) => [n, FormText(n === 'notes' ? 5000 : 200)]));

/**
 * The cells table's forms: add a cell, save a cell's fields. The same functions and decision
 * (the experiment's `change`) as `POST`/`PATCH /api/experiments/:id/cells…`; a refusal comes
 * back as a message on the page naming the field.
 */
export function cellPages(app: FastifyInstance): void {
  const { authz, connection } = app.batterydb;
  const config = onExperiment('batterydb.change_experiment');

  app.post<{ Params: { id: string }; Body: Record<string, string | undefined> }>(
    '/experiments/:id/cells',
    { config, schema: { params: closed({ id: IdString }), body: formBody({ label: FormText(200) }) } },
    async (request, reply) => {
      const experimentId = toId(request.params.id, 'id');
      await requireExperiment(authz, request.subject, experimentId, 'change');
      const label = (request.body.label ?? '').trim();
      await save(reply, experimentId, `Cell ${label} is added.`, async () => {
        await connection.db.transaction().execute(async (trx) => {
          const cellId = await createCell(trx, experimentId, { label }, authz.now().getTime());
          await dataAudit(authz, request, 'data.cell-create', experimentId)(trx, { cellId, label });
        });
      });
      return seeOther(reply, `/experiments/${experimentId}#cells`);
    },
  );

  app.post<{ Params: { id: string; cellId: string }; Body: Record<string, string | undefined> }>(
    '/experiments/:id/cells/:cellId',
    { config, schema: { params: closed({ id: IdString, cellId: IdString }), body: formBody(fields) } },
    async (request, reply) => {
      const experimentId = toId(request.params.id, 'id');
      const cellId = toId(request.params.cellId, 'cellId');
      await requireExperiment(authz, request.subject, experimentId, 'change');
      await save(reply, experimentId, 'The cell is saved.', async () => {
        const body = cellBodyOfForm(request.body);
        await connection.db.transaction().execute(async (trx) => {
          await updateCell(trx, experimentId, cellId, body, authz.now().getTime());
          await dataAudit(authz, request, 'data.cell-update', experimentId)(trx, { cellId, ...body });
        });
      });
      return seeOther(reply, `/experiments/${experimentId}#cells`);
    },
  );
}

/** Runs a change; bad input becomes the page's message (the field named), not an error page. */
async function save(
  reply: Parameters<typeof setFlash>[0],
  _experimentId: number,
  done: string,
  change: () => Promise<void>,
): Promise<void> {
  try {
    await change();
    setFlash(reply, { kind: 'ok', text: done });
  } catch (error) {
    if (!(error instanceof AuthzError) || error.code !== 'INVALID_INPUT') throw error;
    setFlash(reply, { kind: 'error', text: `Not saved: ${error.message}.` });
  }
}
