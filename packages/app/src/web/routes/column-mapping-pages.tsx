import { decideModelPerm } from '@batterydb/authz';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { previewOfImport } from '../../column-mappings/import-preview.ts';
import { savedMapping } from '../../column-mappings/mapping-store.ts';
import { MAPPED_FIELD_NAMES, type MappedField, type MappingFieldError } from '../../cycler/index.ts';
import { getExperiment } from '../../experiments/get-experiment.ts';
import { getImportRecord } from '../../imports/import-records.ts';
import { onExperiment } from '../../server/access.ts';
import { HttpProblem } from '../../server/http/problem.ts';
import { checkNewMapping, saveMapping } from '../../server/routes/experiment-data/column-mapping-routes.ts';
import { retryImportOf } from '../../server/routes/experiment-data/data-actions.ts';
import { closed, IdString, toId } from '../../server/schemas/common.ts';
import type { FieldErrors } from '../forms/form-errors.ts';
import { formBody, FormText } from '../forms/form-schema.ts';
import { setFlash } from '../layout/flash.ts';
import { pageContext } from '../page-context.ts';
import { ColumnMappingPage, type MappingFormValues, unitFieldOf } from '../pages/column-mapping.tsx';
import { sendPage, seeOther } from '../render.ts';

type ImportParams = { Params: { id: string; importId: string } };
const ImportParamsSchema = closed({ id: IdString, importId: IdString });

const MappingForm = formBody({
  name: FormText(200),
  chargeCurrent: FormText(20),
  ...Object.fromEntries(
    MAPPED_FIELD_NAMES.flatMap((f) => [
      [f, FormText(10)],
      [unitFieldOf(f), FormText(10)],
    ]),
  ),
});

/** The mapping as the API takes it, from the form's fields (a blank column: not in the file). */
function mappingBody(values: MappingFormValues, columns: readonly string[]) {
  const fields: Partial<Record<MappedField, { column: number; unit?: string }>> = {};
  for (const field of MAPPED_FIELD_NAMES) {
    const column = values[field]?.trim() ?? '';
    if (column === '') continue;
    const unit = values[unitFieldOf(field)];
    fields[field] = { column: /^\d+$/.test(column) ? Number(column) : -1, ...(unit ? { unit } : {}) };
  }
  return { name: values['name'] ?? '', columns, fields, chargeCurrent: values['chargeCurrent'] };
}

/** `fields.voltage.unit` → the form's `voltageUnit`, `fields.voltage.column` → `voltage`. */
function formErrors(errors: readonly MappingFieldError[]): FieldErrors {
  const out: FieldErrors = {};
  for (const e of errors) {
    const [head, field, part] = e.field.split('.');
    const key = head !== 'fields' ? e.field : part === 'unit' ? unitFieldOf(field as MappedField) : field!;
    out[key] ??= e.message;
  }
  return out;
}

/**
 * `/experiments/:id/imports/:importId/map`: the page a failed "unknown layout" import links to.
 * Whoever may change the experiment (the retry's right) and may add experiments (the mapping
 * API's right, since the mapping is saved lab-wide) maps it; the POST saves the mapping and
 * retries the import with it, as `POST /api/column-mappings` then `POST /api/imports/:id/retry`.
 */
export function columnMappingPages(app: FastifyInstance): void {
  const { authz, connection } = app.batterydb;
  const config = onExperiment('batterydb.change_experiment');

  const load = async (request: FastifyRequest<ImportParams>) => {
    const experimentId = toId(request.params.id, 'id');
    const importId = toId(request.params.importId, 'importId');
    await getExperiment(authz, connection.db, request.subject, experimentId, 'batterydb.change_experiment');
    const record = await getImportRecord(connection.db, importId);
    const table =
      record?.experimentId === experimentId ? await previewOfImport(connection.db, importId) : null;
    if (!record || table === null)
      throw new HttpProblem('NOT_FOUND', `import ${importId} kept no table to map`, { field: 'importId' });
    if (!request.subject || !decideModelPerm(request.subject, 'batterydb.add_experiment'))
      throw new HttpProblem('FORBIDDEN', 'saving a column mapping needs the right to add experiments');
    return { experimentId, importId, record, table };
  };

  const show = (
    request: FastifyRequest,
    reply: FastifyReply,
    loaded: Awaited<ReturnType<typeof load>>,
    values: MappingFormValues,
    failure?: { errors: FieldErrors; message: string },
  ) =>
    sendPage(
      reply,
      <ColumnMappingPage
        ctx={pageContext(request, reply)}
        experimentId={loaded.experimentId}
        importId={loaded.importId}
        fileName={loaded.record.fileName}
        table={loaded.table}
        values={values}
        {...(failure ? { errors: failure.errors, message: failure.message } : {})}
      />,
      failure ? 400 : 200,
    );

  app.get<ImportParams>(
    '/experiments/:id/imports/:importId/map',
    { config, schema: { params: ImportParamsSchema } },
    async (request, reply) => {
      const loaded = await load(request);
      return show(request, reply, loaded, { name: loaded.record.fileName.replace(/\.[^.]*$/, '') });
    },
  );

  app.post<ImportParams & { Body: MappingFormValues }>(
    '/experiments/:id/imports/:importId/map',
    { config, schema: { params: ImportParamsSchema, body: MappingForm } },
    async (request, reply) => {
      const loaded = await load(request);
      const checked = checkNewMapping(mappingBody(request.body, loaded.table.columns));
      if (!checked.ok) {
        const errors = formErrors(checked.errors);
        const count = Object.keys(errors).length;
        return show(request, reply, loaded, request.body, {
          errors,
          message: `Please correct the ${count === 1 ? 'field' : `${count} fields`} marked below.`,
        });
      }
      let item;
      try {
        item = await saveMapping(app, request, checked.value);
      } catch (error) {
        if (!(error instanceof Error) || !('code' in error) || error.code !== 'CONFLICT') throw error;
        return show(request, reply, loaded, request.body, {
          errors: { name: error.message },
          message: 'Please correct the field marked below.',
        });
      }
      const { result } = await retryImportOf(app, request, loaded.importId, savedMapping(item));
      setFlash(
        reply,
        result.ok
          ? { kind: 'ok', text: `${loaded.record.fileName} is imported with the mapping “${item.name}”.` }
          : {
              kind: 'error',
              text: `The mapping “${item.name}” is saved, but ${loaded.record.fileName} did not import: ${result.error.message}`,
            },
      );
      return seeOther(reply, `/experiments/${loaded.experimentId}`);
    },
  );
}
