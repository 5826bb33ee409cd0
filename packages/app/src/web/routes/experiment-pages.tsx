import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { deleteExperiment, updateExperiment } from '../../experiments/change-experiment.ts';
import { createExperiments } from '../../experiments/create-experiments.ts';
import { toExperimentJson } from '../../experiments/experiment-json.ts';
import { getExperiment } from '../../experiments/get-experiment.ts';
import { withLiveProgress } from '../../imports/import-progress.ts';
import { findImportRecords } from '../../imports/import-records.ts';
import { findDataFiles } from '../../measurements/data-files.ts';
import { findFileVersions } from '../../measurements/file-versions.ts';
import { findCellCycles } from '../../cells/cell-cycles.ts';
import { findCells } from '../../cells/find-cells.ts';
import { mayFollowPublication, requestsOfExperiment } from '../../publication/find-publication-requests.ts';
import { onExperiment } from '../../server/access.ts';
import { signedIn } from '../../server/auth/request-auth.ts';
import { uploadSettingsFromEnv } from '../../server/routes/experiment-data/upload-settings.ts';
import { IdParams, toId } from '../../server/schemas/common.ts';
import {
  EXPERIMENT_FIELD_LABELS,
  EXPERIMENT_FORM_FIELDS,
  experimentInput,
  type ExperimentFormValues,
  formValuesOf,
} from '../forms/experiment-form-values.ts';
import { formFailure } from '../forms/form-errors.ts';
import { CITATION_FIELD_LABELS, CITATION_FORM_FIELDS } from '../forms/citation-form-values.ts';
import { formBody, FormText } from '../forms/form-schema.ts';
import { setFlash } from '../layout/flash.ts';
import { pageContext } from '../page-context.ts';
import { ExperimentPage } from '../pages/experiment.tsx';
import { datasetStatus } from '../../datasets/dataset-status.ts';
import { DeleteExperimentPage, ExperimentFormPage } from '../pages/experiment-form.tsx';
import { sendPage, seeOther } from '../render.ts';

const ExperimentBody = formBody({
  ...Object.fromEntries(
    EXPERIMENT_FORM_FIELDS.map((f) => [f, FormText(f === 'description' ? 21_000 : 1000)]),
  ),
  // The citation's textareas hold up to 100 creators a line each (validate-citation.ts).
  ...Object.fromEntries(CITATION_FORM_FIELDS.map((f) => [f, FormText(60_000)])),
});
const FORM_FIELDS = [...EXPERIMENT_FORM_FIELDS, ...CITATION_FORM_FIELDS];
const FIELD_LABELS = { ...EXPERIMENT_FIELD_LABELS, ...CITATION_FIELD_LABELS };
type Params = { Params: { id: string } };

/**
 * The experiment pages: read, create, edit, delete (publication: publication-actions.tsx). Each calls
 * the function its API route calls (`getExperiment`, `createExperiments`, `updateExperiment`,
 * …), so the decision — 404 for an experiment the viewer may not see, 403 for an action they
 * may not take — is the API's, word for word.
 */
export function experimentPages(app: FastifyInstance): void {
  const { authz, connection } = app.batterydb;
  const db = connection.db;
  const { maxUploadBytes } = uploadSettingsFromEnv(process.env);
  const idOf = (request: FastifyRequest<Params>) => toId(request.params.id, 'id');

  app.get<Params>(
    '/experiments/:id',
    { config: onExperiment('batterydb.view_experiment'), schema: { params: IdParams } },
    async (request, reply) => {
      const id = idOf(request);
      const row = await getExperiment(authz, db, request.subject, id);
      const permissions = await authz.experiments.getPerms(request.subject, row);
      const [files, versions, imports, cells, cycles] = await Promise.all([
        findDataFiles(db, id),
        findFileVersions(db, id),
        findImportRecords(db, id, 10),
        findCells(db, id),
        findCellCycles(db, id),
      ]);
      const dataset = permissions.has('batterydb.change_experiment_status')
        ? await datasetStatus(db, id)
        : null;
      const requests = mayFollowPublication(request.subject, row, permissions)
        ? await requestsOfExperiment(db, id)
        : null;
      return sendPage(
        reply,
        <ExperimentPage
          ctx={pageContext(request, reply)}
          experiment={toExperimentJson(row, row.owner_username)}
          permissions={permissions}
          files={files}
          versions={versions}
          imports={imports.map(withLiveProgress)}
          cells={cells}
          cycles={cycles}
          requests={requests}
          maxUploadBytes={maxUploadBytes}
          dataset={dataset}
        />,
      );
    },
  );

  const addAccess = { access: { kind: 'permission', permission: 'batterydb.add_experiment' } } as const;
  const showForm = (
    request: FastifyRequest,
    reply: FastifyReply,
    values: ExperimentFormValues,
    id?: number,
    failure?: ReturnType<typeof formFailure>,
  ) =>
    sendPage(
      reply,
      <ExperimentFormPage
        ctx={pageContext(request, reply)}
        {...(id === undefined ? {} : { id })}
        values={values}
        errors={failure?.fields ?? {}}
        message={failure?.message ?? null}
      />,
      failure?.status ?? 200,
    );

  app.get('/experiments/new', { config: addAccess }, (request, reply) => showForm(request, reply, {}));

  app.post<{ Body: ExperimentFormValues }>(
    '/experiments',
    { config: addAccess, schema: { body: ExperimentBody } },
    async (request, reply) => {
      const values = request.body;
      try {
        const [row] = await createExperiments(authz, signedIn(request), [experimentInput(values)]);
        setFlash(reply, { kind: 'ok', text: 'Experiment created. It is private until it is published.' });
        return seeOther(reply, `/experiments/${Number(row!.id)}`);
      } catch (error) {
        return showForm(request, reply, values, undefined, formFailure(error, FORM_FIELDS, FIELD_LABELS));
      }
    },
  );

  app.get<Params>(
    '/experiments/:id/edit',
    { config: onExperiment('batterydb.change_experiment'), schema: { params: IdParams } },
    async (request, reply) => {
      const row = await getExperiment(
        authz,
        db,
        request.subject,
        idOf(request),
        'batterydb.change_experiment',
      );
      return showForm(request, reply, formValuesOf(toExperimentJson(row, row.owner_username)), row.id);
    },
  );

  app.post<Params & { Body: ExperimentFormValues }>(
    '/experiments/:id/edit',
    {
      config: onExperiment('batterydb.change_experiment'),
      schema: { params: IdParams, body: ExperimentBody },
    },
    async (request, reply) => {
      const id = idOf(request);
      const { _csrf, ...values } = request.body as ExperimentFormValues & { _csrf?: string };
      try {
        await updateExperiment(authz, request.subject, id, experimentInput(values));
        setFlash(reply, { kind: 'ok', text: 'Changes saved.' });
        return seeOther(reply, `/experiments/${id}`);
      } catch (error) {
        return showForm(request, reply, values, id, formFailure(error, FORM_FIELDS, FIELD_LABELS));
      }
    },
  );

  app.get<Params>(
    '/experiments/:id/delete',
    { config: onExperiment('batterydb.delete_experiment'), schema: { params: IdParams } },
    async (request, reply) => {
      const row = await getExperiment(
        authz,
        db,
        request.subject,
        idOf(request),
        'batterydb.delete_experiment',
      );
      const files = await findDataFiles(db, row.id);
      return sendPage(
        reply,
        <DeleteExperimentPage
          ctx={pageContext(request, reply)}
          id={row.id}
          title={row.title}
          files={files.length}
        />,
      );
    },
  );

  app.post<Params>(
    '/experiments/:id/delete',
    { config: onExperiment('batterydb.delete_experiment'), schema: { params: IdParams, body: formBody({}) } },
    async (request, reply) => {
      await deleteExperiment(authz, request.subject, idOf(request), request.ip);
      setFlash(reply, { kind: 'ok', text: 'The experiment is deleted.' });
      return seeOther(reply, '/experiments');
    },
  );
}
