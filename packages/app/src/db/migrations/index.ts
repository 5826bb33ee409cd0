import type { Migration } from 'kysely';
import { experimentMigration } from './2026-11-25-01-experiment.ts';
import { experimentGrantsMigration } from './2026-11-25-02-experiment-grants.ts';
import { dataFilesMigration } from './2026-11-25-20-data-files.ts';
import { measurementsMigration } from './2026-11-25-21-measurements.ts';
import { dataImportsMigration } from './2026-11-25-22-data-imports.ts';
import { experimentSearchMigration } from './2026-11-25-03-experiment-search.ts';
import { experimentStatusUpdatesMigration } from './2026-11-25-04-experiment-status-updates.ts';
import { experimentActiveMassMigration } from './2026-11-29-10-experiment-active-mass.ts';
import { publicationRequestsMigration } from './2026-11-29-10-publication-requests.ts';
import { importLifecycleMigration } from './2026-11-29-13-import-lifecycle.ts';
import { capacitySourceMigration } from './2026-11-29-14-capacity-source.ts';
import { rateCountMigration } from './2026-12-07-19-01-rate-count.ts';
import { heartbeatMigration } from './2026-12-07-19-02-heartbeat.ts';
import { cellsMigration } from './2026-12-07-20-01-cells.ts';
import { fileVersionsMigration } from './2026-12-07-22-01-file-versions.ts';
import { columnMappingsMigration } from './2026-12-07-22-02-column-mappings.ts';
import { fileReplacesMigration } from './2026-12-07-22-03-file-replaces.ts';
import { requestKindMigration } from './2026-12-07-24-01-request-kind.ts';
import { sampleBlocksMigration } from './2026-12-07-25-01-sample-blocks.ts';
import { listVersionMigration } from './2026-12-07-25-02-list-version.ts';
import { originalCodecMigration } from './2026-12-07-25-03-original-codec.ts';
import { listPageVersionMigration } from './2026-12-07-25-31-list-page-version.ts';
import { citationMetadataMigration } from './2026-12-07-26-01-citation-metadata.ts';
import { datasetVersionsMigration } from './2026-12-07-26-02-dataset-versions.ts';

/** BatteryDB's own migrations (`db/migrate-app.ts`); the kit has its own. Names are dates. */
export const appMigrations: Record<string, Migration> = {
  '2026-11-25-01-experiment': experimentMigration,
  '2026-11-25-02-experiment-grants': experimentGrantsMigration,
  '2026-11-25-20-data-files': dataFilesMigration,
  '2026-11-25-21-measurements': measurementsMigration,
  '2026-11-25-22-data-imports': dataImportsMigration,
  '2026-11-25-03-experiment-search': experimentSearchMigration,
  '2026-11-25-04-experiment-status-updates': experimentStatusUpdatesMigration,
  '2026-11-29-10-experiment-active-mass': experimentActiveMassMigration,
  '2026-11-29-10-publication-requests': publicationRequestsMigration,
  '2026-11-29-13-import-lifecycle': importLifecycleMigration,
  '2026-11-29-14-capacity-source': capacitySourceMigration,
  '2026-12-07-19-01-rate-count': rateCountMigration,
  '2026-12-07-19-02-heartbeat': heartbeatMigration,
  '2026-12-07-20-01-cells': cellsMigration,
  '2026-12-07-22-01-file-versions': fileVersionsMigration,
  '2026-12-07-22-02-column-mappings': columnMappingsMigration,
  '2026-12-07-22-03-file-replaces': fileReplacesMigration,
  '2026-12-07-24-01-request-kind': requestKindMigration,
  '2026-12-07-25-01-sample-blocks': sampleBlocksMigration,
  '2026-12-07-25-02-list-version': listVersionMigration,
  '2026-12-07-25-03-original-codec': originalCodecMigration,
  '2026-12-07-25-31-list-page-version': listPageVersionMigration,
  '2026-12-07-26-01-citation-metadata': citationMetadataMigration,
  '2026-12-07-26-02-dataset-versions': datasetVersionsMigration,
};
