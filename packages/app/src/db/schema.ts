import type { AuthzTables } from '@batterydb/authz';
import type { ColumnType, Generated } from 'kysely';

export type ExperimentStatus = 'private' | 'public';

/** SPEC §6. Times are epoch milliseconds, as in the kit's tables. */
export interface ExperimentTable {
  id: Generated<number>;
  title: string;
  description: string;
  cathode_material: string;
  anode_material: string;
  chemistry: string;
  cell_format: string;
  nominal_capacity_mah: number | null;
  /** Active material mass (mg), for specific capacity (mAh/g); null when not recorded. */
  active_mass_mg: number | null;
  temperature_c: number | null;
  cycler: string;
  start_date: string | null;
  /** Comma-separated, lower case, with leading and trailing commas for exact `like` matching. */
  tags: string;
  /** Citation metadata as JSON (datasets/citation); null until someone gives it. Optional on insert. */
  citation: ColumnType<string | null, string | null | undefined, string | null>;
  status: ExperimentStatus;
  /** 1: released openly (issue 26) — anyone may view its released versions; 0 otherwise. */
  open_release: Generated<number>;
  /** The SPDX id of the licence it was released under; null before an open release. */
  licence: string | null;
  owner_id: number;
  created_at: number;
  updated_at: number;
}

/** `experiment_user_grant` / `experiment_group_grant`, made by the kit's `createGrantTables`. */
export interface ExperimentGrantTable {
  object_id: number;
  permission_id: number;
  expires_at: number | null;
}

export interface Database extends AuthzTables {
  experiment: ExperimentTable;
  experiment_user_grant: ExperimentGrantTable & { user_id: number };
  experiment_group_grant: ExperimentGrantTable & { group_id: number };
  cell: CellTable;
  data_file: DataFileTable;
  data_file_chunk: DataFileChunkTable;
  sample_block: SampleBlockTable;
  cycle_summary: CycleSummaryTable;
  data_import: DataImportTable;
  publication_request: PublicationRequestTable;
  rate_count: RateCountTable;
  heartbeat: HeartbeatTable;
  /** Bumped by trigger on every write that can change who may view which experiment (issue 25). */
  experiment_list_version: { slot: number; value: number };
  /** Bumped by trigger on every write that can change what a list page shows (issue 25). */
  experiment_page_version: { slot: number; value: number };
  dataset_version: DatasetVersionTable;
  dataset_blob_chunk: DatasetBlobChunkTable;
  column_mapping: ColumnMappingTable;
}

/** A frozen version of a published experiment (issue 26); only its withdrawal may be set, once. */
export interface DatasetVersionTable {
  id: Generated<number>;
  experiment_id: number;
  /** 1, 2, … per experiment. */
  n: number;
  /** JSON of `DatasetSnapshot` (datasets/snapshot-experiment.ts). */
  snapshot: string;
  released_at: number;
  released_by: number | null;
  withdrawn_at: number | null;
  withdrawn_reason: string | null;
  withdrawn_by: number | null;
}

/** The original bytes a version refers to, kept per SHA-256 as `data_file_chunk` stored them. */
export interface DatasetBlobChunkTable {
  sha256: string;
  seq: number;
  bytes: Buffer;
  compression: string | null;
}

/** A saved column mapping for CSVs in no known layout (migration 2026-12-07-22-02). */
export interface ColumnMappingTable {
  id: Generated<number>;
  name: string;
  /** SHA-256 of the normalised column names (cycler/mapping/header-signature.ts). */
  signature: string;
  /** JSON array: the column names as the first file spelled them. */
  columns: string;
  /** JSON: a `ColumnMapping` (which column holds what, units, current sign). */
  mapping: string;
  created_by: number | null;
  created_at: number;
}

/** Hits of one rate-limit key in its current window (server/http/database-rate-store.ts). */
export interface RateCountTable {
  key: string;
  window_start: number;
  hits: number;
}

/** The row `/readyz` writes to prove the database takes writes. */
export interface HeartbeatTable {
  name: string;
  at: number;
}

export type PublicationStatus = 'pending' | 'approved' | 'declined';
/** `publication`: make a private experiment public; `correction`: fix something in a public one. */
export type RequestKind = 'publication' | 'correction';

/** A request to publish an experiment, and a Maintainer's decision on it (SPEC §3.3). */
export interface PublicationRequestTable {
  id: Generated<number>;
  experiment_id: number;
  kind: Generated<RequestKind>;
  requested_by: number | null;
  note: string;
  status: PublicationStatus;
  decided_by: number | null;
  decision_note: string;
  created_at: number;
  decided_at: number | null;
}

/*
 * An experiment's data (issue 5). None of these tables has permission rows of its own: every
 * access is decided by the experiment the rows belong to (SPEC §3.3, "data inherits").
 */

/** One uploaded cycler file; its bytes are in `data_file_chunk`, its samples in `sample_block`. */
export interface DataFileTable {
  id: Generated<number>;
  experiment_id: number;
  /** The uploader's file name, reduced to a safe base name. */
  file_name: string;
  /** The detected `CyclerFormat` (from the content, never the name). */
  format: string;
  size_bytes: number;
  /** Lower-case hex SHA-256 of the original bytes. */
  sha256: string;
  chunk_count: number;
  point_count: number;
  cycle_count: number;
  /** Rows of the file that are not cycling samples (batterydata EIS rows), dropped. */
  skipped_rows: number;
  /** JSON object: what the file's header said (instrument, channel, start time…). */
  metadata: string;
  /** 'cycler' (the file's capacity counters) or 'integrated' (from current); null before issue 14. */
  capacity_source: string | null;
  uploaded_by: number | null;
  created_at: number;
  /** Only `complete` files are visible; see migration 2026-11-29-13 for the others. */
  status: Generated<DataFileStatus>;
  /** The cell the file belongs to, and its place among the cell's files (from 1). */
  cell_id: number | null;
  cell_position: number | null;
  /** The version that replaced this one (issue 22); set, the file is `stored` and no longer read. */
  replaced_by: Generated<number | null>;
  /** The version this one was uploaded to replace (`?replaces=`); retired when this one is published. */
  replaces: Generated<number | null>;
}

/**
 * One cell of an experiment (SPEC §6, issue 20): no permissions of its own. Null materials,
 * electrolyte and form factor mean "the experiment's".
 */
export interface CellTable {
  id: Generated<number>;
  experiment_id: number;
  label: string;
  /** Order on the page, from 1. */
  position: number;
  cycler: string;
  channel: string;
  active_mass_mg: number | null;
  electrode_area_cm2: number | null;
  loading_mg_cm2: number | null;
  cathode_material: string | null;
  anode_material: string | null;
  electrolyte: string | null;
  form_factor: string | null;
  nominal_capacity_mah: number | null;
  /** C-rates (0.1 = C/10) and currents (mA) of the protocol; any may be unrecorded. */
  charge_c_rate: number | null;
  discharge_c_rate: number | null;
  charge_current_ma: number | null;
  discharge_current_ma: number | null;
  voltage_min_v: number | null;
  voltage_max_v: number | null;
  temperature_c: number | null;
  notes: string;
  created_at: number;
  updated_at: number;
}

export type DataFileStatus = 'storing' | 'stored' | 'complete' | 'deleting';

/** The original file, in pieces of at most 1 MiB (bounded memory both ways). */
export interface DataFileChunkTable {
  file_id: number;
  seq: number;
  bytes: Buffer;
  /** 'csvcol1' (the columnar codec, measurements/original-codec), 'gzip' (each piece compressed
   * on its own since issue 25) or null (stored as it came): file-bytes.ts reads every kind. */
  compression: string | null;
}

/**
 * One normalised sample (s, A, V, Ah, Wh, °C; charge current > 0), as the reads return it. `seq`
 * counts from 1 per file. Stored in `sample_block`, not as a row (the row table `measurement` was
 * converted by migration 2026-12-07-25-01); this type names the columns.
 */
export interface MeasurementTable {
  experiment_id: number;
  file_id: number;
  seq: number;
  time_s: number;
  cycle: number;
  step: number | null;
  current_a: number;
  voltage_v: number;
  charge_capacity_ah: number | null;
  discharge_capacity_ah: number | null;
  charge_energy_wh: number | null;
  discharge_energy_wh: number | null;
  temperature_c: number | null;
}

/**
 * Up to 4,096 consecutive samples of one file, columnar and compressed
 * (`measurements/sample-codec.ts`), with the ranges a read selects blocks by. Level 0 holds every
 * sample; levels 1–3 the overview pyramid (`measurements/overview-pyramid.ts`).
 */
export interface SampleBlockTable {
  experiment_id: number;
  file_id: number;
  level: number;
  first_seq: number;
  last_seq: number;
  sample_count: number;
  cycle_min: number;
  cycle_max: number;
  time_min: number;
  time_max: number;
  data: Buffer;
}

/** Per-cycle totals of one file: computed from its samples, or read from a summary file. */
export interface CycleSummaryTable {
  experiment_id: number;
  file_id: number;
  cycle: number;
  charge_capacity_ah: number;
  discharge_capacity_ah: number;
  coulombic_efficiency: number | null;
  charge_energy_wh: number;
  discharge_energy_wh: number;
  duration_s: number;
  label: string | null;
}

export type ImportStatus = 'receiving' | 'importing' | 'done' | 'failed';

/** One upload attempt and its progress; kept after failures (the reason is the point). */
export interface DataImportTable {
  id: Generated<number>;
  experiment_id: number;
  user_id: number | null;
  file_name: string;
  status: ImportStatus;
  format: string | null;
  bytes_received: number;
  bytes_parsed: number;
  row_count: number;
  point_count: number;
  cycle_count: number;
  file_id: number | null;
  error: string | null;
  error_reason: string | null;
  error_line: number | null;
  error_column: string | null;
  /** As data_file.capacity_source, once the import is done. */
  capacity_source: string | null;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
  /** The process running an unfinished import (`host:pid:start`); see imports/runner-id.ts. */
  runner: string | null;
}
