import type { FastifyInstance } from 'fastify';
import { findCycleCurves } from '../../../measurements/cycle-curves.ts';
import { M4Downsampler } from '../../../measurements/downsample.ts';
import { onExperiment } from '../../access.ts';
import { HttpProblem } from '../../http/problem.ts';
import { toId } from '../../schemas/common.ts';
import { CycleCurvesJson, CycleCurvesQuery, ExperimentParams } from './data-schemas.ts';
import { requireExperiment } from './experiment-access.ts';
import { wholeNumber } from './timeseries-query.ts';

const DEFAULT_POINTS = 1000;
const MAX_POINTS = 10_000;
const MAX_CYCLE = 2_147_483_647;

interface RawQuery {
  fileId?: string;
  cycle?: string;
  points?: string;
}

/**
 * `GET /api/experiments/:id/cycle-curves?fileId=3&cycle=12`: one cycle's voltage–capacity curve
 * per direction, in time order, and its dQ/dV computed over every sample on the server
 * (`measurements/cycle-curves.ts`) — what the experiment page plots for each chosen cycle.
 */
export function cycleCurvesRoute(app: FastifyInstance): void {
  const { authz, connection } = app.batterydb;
  app.get<{ Params: { id: string }; Querystring: RawQuery }>(
    '/api/experiments/:id/cycle-curves',
    {
      config: onExperiment('batterydb.view_experiment'),
      schema: {
        summary: 'Voltage vs capacity of one cycle (charge and discharge, in time order) and its dQ/dV',
        description:
          'Charge and discharge are told apart by the sign of the current; rests are left out. Capacity is ' +
          'the cycler’s counter summed over the steps of each direction. dQ/dV is binned by voltage over ' +
          'every sample of the cycle (constant-voltage holds left out, lightly smoothed).',
        tags: ['experiment data'],
        params: ExperimentParams,
        querystring: CycleCurvesQuery,
        response: { 200: CycleCurvesJson },
      },
    },
    async (request) => {
      const experimentId = toId(request.params.id, 'id');
      // Permission first: for an invisible experiment the answer is 404 whatever the query says.
      await requireExperiment(authz, request.subject, experimentId, 'view');
      const { fileId, cycle, points } = request.query;
      if (fileId === undefined)
        throw new HttpProblem('INVALID_INPUT', 'fileId is required: cycle numbers are per file', {
          field: 'fileId',
        });
      const cycleNumber = wholeNumber(cycle, 'cycle', 0, MAX_CYCLE);
      if (cycleNumber === undefined)
        throw new HttpProblem('INVALID_INPUT', 'cycle is required', { field: 'cycle' });
      return findCycleCurves(connection.db, {
        experimentId,
        fileId: toId(fileId, 'fileId'),
        cycle: cycleNumber,
        maxPoints: wholeNumber(points, 'points', M4Downsampler.minPoints(1), MAX_POINTS) ?? DEFAULT_POINTS,
      });
    },
  );
}
