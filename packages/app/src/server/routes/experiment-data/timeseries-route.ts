import type { FastifyInstance } from 'fastify';
import { findTimeseries } from '../../../measurements/find-timeseries.ts';
import { toId } from '../../schemas/common.ts';
import { ExperimentParams, TimeseriesJson, TimeseriesQuery } from './data-schemas.ts';
import { requireExperiment } from './experiment-access.ts';
import { parseTimeseriesQuery, type RawTimeseriesQuery } from './timeseries-query.ts';
import { onExperiment } from '../../access.ts';

/**
 * `GET /api/experiments/:id/timeseries?fields=timeS,voltageV&cycleFrom=1&cycleTo=5&points=2000`:
 * samples for a plot, at most `points` of them (M4 downsampling keeps each bucket's first, last,
 * smallest and largest values), as columns.
 */
export function timeseriesRoute(app: FastifyInstance): void {
  const { authz, connection } = app.batterydb;
  app.get<{ Params: { id: string }; Querystring: RawTimeseriesQuery }>(
    '/api/experiments/:id/timeseries',
    {
      config: onExperiment('batterydb.view_experiment'),
      schema: {
        summary:
          'Samples for a plot: chosen fields, a cycle range, at most `points` samples (server-side M4)',
        tags: ['experiment data'],
        params: ExperimentParams,
        querystring: TimeseriesQuery,
        response: { 200: TimeseriesJson },
      },
    },
    async (request) => {
      const experimentId = toId(request.params.id, 'id');
      // Permission first: for an invisible experiment the answer is 404 whatever the query says.
      await requireExperiment(authz, request.subject, experimentId, 'view');
      return findTimeseries(connection.db, parseTimeseriesQuery(experimentId, request.query));
    },
  );
}
