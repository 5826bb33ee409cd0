import type { ExperimentJson } from '../../experiments/experiment-json.ts';
import type { ImportItem } from '../../imports/import-records.ts';
import type { CellCycleItem } from '../../cells/cell-cycles.ts';
import type { CellItem } from '../../cells/cell-json.ts';
import type { DataFileItem } from '../../measurements/data-files.ts';
import type { FileVersion } from '../../measurements/file-versions.ts';
import type { PublicationRequest } from '../../publication/publication-request.ts';
import type { PageContext } from '../page-context.ts';
import type { DatasetStatus } from '../../datasets/dataset-status.ts';

/** What the experiment page shows, loaded by routes/experiment-pages.tsx. */
export interface ExperimentPageProps {
  ctx: PageContext;
  experiment: ExperimentJson;
  permissions: ReadonlySet<string>;
  files: DataFileItem[];
  /** Each file's versions, newest first (a file uploaded again replaced the earlier ones). */
  versions: ReadonlyMap<number, FileVersion[]>;
  imports: ImportItem[];
  cells: CellItem[];
  /** Every cycle with its cell and its number within the cell. */
  cycles: CellCycleItem[];
  /** Null when the viewer does not follow this experiment's publication. */
  requests: PublicationRequest[] | null;
  maxUploadBytes: number;
  /** Versions and open release, for viewers who curate it (change_experiment_status); else null. */
  dataset?: DatasetStatus | null;
}

/** Whether the viewer holds `batterydb.<perm>` on this experiment (decided by the route). */
export const may = (props: ExperimentPageProps, perm: string) => props.permissions.has(`batterydb.${perm}`);
