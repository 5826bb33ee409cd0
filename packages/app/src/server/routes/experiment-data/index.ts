import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { cellRoutes } from './cell-routes.ts';
import { compareCyclesRoute } from './compare-cycles-route.ts';
import { columnMappingRoutes } from './column-mapping-routes.ts';
import { cycleCurvesRoute } from './cycle-curves-route.ts';
import { cyclesRoute } from './cycles-route.ts';
import { exportRoute } from './export-route.ts';
import { fileRoutes } from './file-routes.ts';
import { importRoutes } from './import-routes.ts';
import { timeseriesRoute } from './timeseries-route.ts';
import { uploadRoute } from './upload-route.ts';
import { type UploadSettings, uploadSettingsFromEnv } from './upload-settings.ts';

/**
 * An experiment's data (issue 5): upload and import of cycler files, import progress, retry and
 * deletion of an import or a file (issue 13), and the data-out routes (cycles, time series for
 * plots, export, original files). Every route is
 * decided by the experiment's own permissions (SPEC §3.3). Registered as an encapsulated plugin,
 * so the multipart parser exists only here.
 */
export async function experimentDataRoutes(
  app: FastifyInstance,
  options: Partial<UploadSettings> = {},
): Promise<void> {
  const settings: UploadSettings = { ...uploadSettingsFromEnv(process.env), ...options };
  await app.register(multipart, { throwFileSizeLimit: true, limits: { fileSize: settings.maxUploadBytes } });
  uploadRoute(app, settings);
  importRoutes(app);
  fileRoutes(app);
  cellRoutes(app);
  cyclesRoute(app);
  timeseriesRoute(app);
  cycleCurvesRoute(app);
  exportRoute(app);
  compareCyclesRoute(app);
  columnMappingRoutes(app);
}
