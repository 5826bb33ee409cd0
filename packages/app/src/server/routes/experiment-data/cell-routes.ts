import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { findCellCycles } from '../../../cells/cell-cycles.ts';
import { createCell, deleteCell, moveFile, updateCell } from '../../../cells/change-cells.ts';
import { findCells, getCell } from '../../../cells/find-cells.ts';
import { HttpProblem } from '../../http/problem.ts';
import { toId } from '../../schemas/common.ts';
import { onExperiment } from '../../access.ts';
import {
  CellCreateBody,
  CellCycleJson,
  CellJson,
  CellParams,
  CellPatchBody,
  FileMoveBody,
} from './cell-schemas.ts';
import { ExperimentFileParams, ExperimentParams } from './data-schemas.ts';
import { dataAudit } from './data-audit.ts';
import { requireExperiment } from './experiment-access.ts';

const tags = ['cells'];

/**
 * An experiment's cells (SPEC §6, issue 20). Cells have no permissions of their own (SPEC §3.3):
 * every route asks the experiment — 404 when it is invisible, 403 when visible but the action
 * is not allowed — and only then looks at the cell.
 */
export function cellRoutes(app: FastifyInstance): void {
  const { authz, connection } = app.batterydb;
  const db = connection.db;
  const ids = (request: FastifyRequest<{ Params: { id: string; cellId: string } }>) => ({
    experimentId: toId(request.params.id, 'id'),
    cellId: toId(request.params.cellId, 'cellId'),
  });
  const found = async (experimentId: number, cellId: number) => {
    const cell = await getCell(db, experimentId, cellId);
    if (!cell) throw new HttpProblem('NOT_FOUND', `cell ${cellId} was not found`, { field: 'cellId' });
    return cell;
  };

  app.get<{ Params: { id: string } }>(
    '/api/experiments/:id/cells',
    {
      config: onExperiment('batterydb.view_experiment'),
      schema: {
        summary: "The experiment's cells in order, each with its files in order",
        tags,
        params: ExperimentParams,
        response: { 200: Type.Object({ items: Type.Array(CellJson) }) },
      },
    },
    async (request) => {
      const experimentId = toId(request.params.id, 'id');
      await requireExperiment(authz, request.subject, experimentId, 'view');
      return { items: await findCells(db, experimentId) };
    },
  );

  app.post<{ Params: { id: string }; Body: CellCreateBody }>(
    '/api/experiments/:id/cells',
    {
      config: onExperiment('batterydb.change_experiment'),
      schema: {
        summary: 'Add a cell (needs change on the experiment)',
        tags,
        params: ExperimentParams,
        body: CellCreateBody,
        response: { 201: CellJson },
      },
    },
    async (request, reply) => {
      const experimentId = toId(request.params.id, 'id');
      await requireExperiment(authz, request.subject, experimentId, 'change');
      const cellId = await db.transaction().execute(async (trx) => {
        const id = await createCell(trx, experimentId, request.body, authz.now().getTime());
        await dataAudit(
          authz,
          request,
          'data.cell-create',
          experimentId,
        )(trx, { cellId: id, ...request.body });
        return id;
      });
      return reply
        .code(201)
        .header('location', `/api/experiments/${experimentId}/cells/${cellId}`)
        .send(await found(experimentId, cellId));
    },
  );

  app.get<{ Params: { id: string; cellId: string } }>(
    '/api/experiments/:id/cells/:cellId',
    {
      config: onExperiment('batterydb.view_experiment'),
      schema: { summary: 'One cell with its files', tags, params: CellParams, response: { 200: CellJson } },
    },
    async (request) => {
      const { experimentId, cellId } = ids(request);
      await requireExperiment(authz, request.subject, experimentId, 'view');
      return found(experimentId, cellId);
    },
  );

  app.patch<{ Params: { id: string; cellId: string }; Body: CellPatchBody }>(
    '/api/experiments/:id/cells/:cellId',
    {
      config: onExperiment('batterydb.change_experiment'),
      schema: {
        summary: "Change a cell's fields (null clears one; materials then show the experiment's)",
        tags,
        params: CellParams,
        body: CellPatchBody,
        response: { 200: CellJson },
      },
    },
    async (request) => {
      const { experimentId, cellId } = ids(request);
      await requireExperiment(authz, request.subject, experimentId, 'change');
      await db.transaction().execute(async (trx) => {
        await updateCell(trx, experimentId, cellId, request.body, authz.now().getTime());
        await dataAudit(authz, request, 'data.cell-update', experimentId)(trx, { cellId, ...request.body });
      });
      return found(experimentId, cellId);
    },
  );

  app.delete<{ Params: { id: string; cellId: string } }>(
    '/api/experiments/:id/cells/:cellId',
    {
      config: onExperiment('batterydb.change_experiment'),
      schema: { summary: 'Delete a cell without files (409 while it has files)', tags, params: CellParams },
    },
    async (request, reply) => {
      const { experimentId, cellId } = ids(request);
      await requireExperiment(authz, request.subject, experimentId, 'change');
      const cell = await found(experimentId, cellId);
      await deleteCell(db, experimentId, cellId);
      await dataAudit(authz, request, 'data.cell-delete', experimentId)(db, { cellId, label: cell.label });
      return reply.code(204).send();
    },
  );

  app.get<{ Params: { id: string; cellId: string } }>(
    '/api/experiments/:id/cells/:cellId/cycles',
    {
      config: onExperiment('batterydb.view_experiment'),
      schema: {
        summary: "A cell's per-cycle summary, its cycles numbered on across its files",
        description:
          '`cellCycle` continues from file to file in the cell’s order; `cycle` is the file’s own number. ' +
          'Capacities in Ah, energies in Wh, and mAh/g when the cell records its active mass.',
        tags,
        params: CellParams,
        response: { 200: Type.Object({ items: Type.Array(CellCycleJson) }) },
      },
    },
    async (request) => {
      const { experimentId, cellId } = ids(request);
      await requireExperiment(authz, request.subject, experimentId, 'view');
      await found(experimentId, cellId);
      return { items: await findCellCycles(db, experimentId, { cellId }) };
    },
  );

  app.patch<{ Params: { id: string; fileId: string }; Body: FileMoveBody }>(
    '/api/experiments/:id/files/:fileId',
    {
      config: onExperiment('batterydb.change_experiment'),
      schema: {
        summary: 'Move a file to a cell of the same experiment (and place it among its files)',
        tags,
        params: ExperimentFileParams,
        body: FileMoveBody,
        response: { 200: Type.Object({ cells: Type.Array(CellJson) }) },
      },
    },
    async (request) => {
      const experimentId = toId(request.params.id, 'id');
      const fileId = toId(request.params.fileId, 'fileId');
      await requireExperiment(authz, request.subject, experimentId, 'change');
      const moved = await moveFile(db, experimentId, fileId, request.body);
      await dataAudit(
        authz,
        request,
        'data.move-file',
        experimentId,
      )(db, { fileId, from: moved.from, ...request.body });
      return { cells: await findCells(db, experimentId) };
    },
  );
}
