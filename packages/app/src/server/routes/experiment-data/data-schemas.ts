import { MappingName } from './column-mapping-routes.ts';
import { Type } from '@sinclair/typebox';
import { closed, IdString } from '../../schemas/common.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const ExperimentParams = closed({ id: IdString });
export const ExperimentFileParams = closed({ id: IdString, fileId: IdString });

export const FileIdQuery = closed({ fileId: Type.Optional(IdString) });
export const CyclesQuery = closed({
  fileId: Type.Optional(IdString),
  cellId: Type.Optional(IdString),
  format: Type.Optional(
    Type.Union(
      ['json', 'csv', 'xlsx', 'parquet'].map((f) => Type.Literal(f)),
      {
        description:
          '`json` (default: `{ items }`), or a download: `csv`, `xlsx` (a sheet per cell plus a metadata sheet), `parquet`',
      },
    ),
  ),
});

/** Strings on purpose: the handler parses them and names the parameter in plain words. */
export const TimeseriesQuery = closed({
  fields: Type.Optional(
    Type.String({ maxLength: 500, description: 'comma-separated, e.g. `timeS,voltageV` (default)' }),
  ),
  cycleFrom: Type.Optional(Type.String({ maxLength: 20, description: 'first cycle, inclusive' })),
  cycleTo: Type.Optional(Type.String({ maxLength: 20, description: 'last cycle, inclusive' })),
  points: Type.Optional(Type.String({ maxLength: 20, description: 'at most this many samples (M4)' })),
  fileId: Type.Optional(IdString),
  seqFrom: Type.Optional(
    Type.String({
      maxLength: 20,
      description: 'first sample number (`seq`) of one file, inclusive; needs fileId (zoom)',
    }),
  ),
  seqTo: Type.Optional(
    Type.String({ maxLength: 20, description: 'last sample number of one file, inclusive' }),
  ),
});

export const UploadQuery = closed({
  mapping: Type.Optional(MappingName),
  cellId: Type.Optional(
    Type.String({
      pattern: '^[1-9][0-9]{0,9}$',
      description:
        'the cell the file goes into (of this experiment); absent: a new cell named after the file',
    }),
  ),
  duplicate: Type.Optional(
    Type.Literal('allow', {
      description: '`allow`: store the file even if the experiment has the same bytes',
    }),
  ),
  replaces: Type.Optional(
    Type.String({
      pattern: '^[1-9][0-9]{0,15}$',
      description:
        'a file of this experiment that this upload is a new version of (a growing file): readers see the old data until the new version is whole, then the new one; the old is kept in the history',
    }),
  ),
});

export const ExportQuery = closed({
  format: Type.Optional(
    Type.Union(
      ['csv', 'json', 'parquet'].map((f) => Type.Literal(f)),
      {
        description:
          '`csv` (default, Battery Data Format column names), `parquet` (the same columns, Snappy) or `json`',
      },
    ),
  ),
  fileId: Type.Optional(IdString),
  cellId: Type.Optional(IdString),
});

/** SPEC §6: the file's own capacity counters, or current integrated over time. */
const CapacitySourceJson = Nullable(
  Type.Union([Type.Literal('cycler'), Type.Literal('integrated')], {
    description: "where the per-cycle capacities came from: the cycler's own columns, or current integrated",
  }),
);

export const DataFileJson = Type.Object({
  id: Type.Integer(),
  experimentId: Type.Integer(),
  fileName: Type.String(),
  format: Type.String(),
  sizeBytes: Type.Integer(),
  sha256: Type.String(),
  points: Type.Integer(),
  cycles: Type.Integer(),
  skippedRows: Type.Integer(),
  metadata: Type.Record(Type.String(), Type.String()),
  capacitySource: CapacitySourceJson,
  cellId: Nullable(Type.Integer({ description: 'the cell the file belongs to' })),
  cellPosition: Nullable(Type.Integer({ description: 'its place among the cell’s files, from 1' })),
  uploadedBy: Nullable(Type.Integer()),
  createdAt: Type.String({ format: 'date-time' }),
});

export const ImportJson = Type.Object({
  id: Type.Integer(),
  experimentId: Type.Integer(),
  userId: Nullable(Type.Integer()),
  fileName: Type.String(),
  status: Type.Union(['receiving', 'importing', 'done', 'failed'].map((s) => Type.Literal(s))),
  format: Nullable(Type.String({ description: 'the detected layout, e.g. `neware-ndax`, `lanhe-xlsx`' })),
  bytesReceived: Type.Integer(),
  bytesParsed: Type.Integer(),
  rows: Type.Integer(),
  points: Type.Integer(),
  cycles: Type.Integer(),
  fileId: Nullable(Type.Integer()),
  retryable: Type.Boolean({ description: 'failed, and the file was kept: POST /api/imports/:id/retry' }),
  capacitySource: CapacitySourceJson,
  error: Nullable(
    Type.Object({
      detail: Type.String(),
      reason: Type.String(),
      line: Nullable(Type.Integer()),
      column: Nullable(Type.String()),
    }),
  ),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  finishedAt: Nullable(Type.String({ format: 'date-time' })),
});

export const CycleJson = Type.Object({
  fileId: Type.Integer(),
  cycle: Type.Integer(),
  label: Nullable(Type.String()),
  chargeCapacityAh: Type.Number(),
  dischargeCapacityAh: Type.Number(),
  coulombicEfficiency: Nullable(Type.Number()),
  chargeEnergyWh: Type.Number(),
  dischargeEnergyWh: Type.Number(),
  durationS: Type.Number(),
});

export const TimeseriesJson = Type.Object({
  fields: Type.Array(Type.String()),
  totalPoints: Type.Integer(),
  points: Type.Integer(),
  downsampled: Type.Boolean(),
  method: Type.Union([Type.Literal('none'), Type.Literal('m4')]),
  columns: Type.Record(Type.String(), Type.Array(Nullable(Type.Number()))),
});

/** Strings on purpose (as for `/timeseries`): the handler checks them after the permission. */
export const CycleCurvesQuery = closed({
  fileId: Type.Optional(IdString),
  cycle: Type.Optional(Type.String({ maxLength: 20, description: 'the cycle number (required)' })),
  points: Type.Optional(
    Type.String({ maxLength: 20, description: 'at most this many samples per curve (M4; default 1000)' }),
  ),
});

const DirectionJson = Type.Union([Type.Literal('charge'), Type.Literal('discharge')]);

export const CycleCurvesJson = Type.Object({
  fileId: Type.Integer(),
  cycle: Type.Integer(),
  totalPoints: Type.Integer({ description: 'samples of the cycle, rests included' }),
  binWidthV: Nullable(Type.Number({ description: 'width of the voltage bins of dQ/dV' })),
  curves: Type.Array(
    Type.Object({
      direction: DirectionJson,
      totalPoints: Type.Integer(),
      points: Type.Integer(),
      downsampled: Type.Boolean(),
      capacityAh: Type.Array(Type.Number(), {
        description: 'capacity passed since this charge or discharge began, non-decreasing, in time order',
      }),
      voltageV: Type.Array(Type.Number()),
      dqdv: Type.Object({
        voltageV: Type.Array(Type.Number(), { description: 'bin centres, ascending' }),
        dqdvAhPerV: Type.Array(Type.Number(), {
          description: 'dQ/dV over every sample (Ah/V), negative on discharge',
        }),
      }),
    }),
  ),
});

/** A kept file's table, as a column mapping is made on it (`GET /api/imports/:id/table`). */
export const TablePreviewJson = Type.Object({
  line: Type.Integer({ description: 'the line of the column names' }),
  columns: Type.Array(Type.String()),
  rows: Type.Array(Type.Array(Type.String()), { description: 'the first data rows, as written' }),
  signature: Type.String({ description: 'what later files with the same column names are known by' }),
});

/** One version of a file (`GET /api/experiments/:id/files/:fileId/versions`). */
export const FileVersionJson = Type.Object({
  id: Type.Integer({ description: "the version's own file id" }),
  version: Type.Integer({ description: '1 for the first upload' }),
  sizeBytes: Type.Integer(),
  sha256: Type.String(),
  points: Type.Integer(),
  cycles: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  current: Type.Boolean({ description: 'the version every reader reads now' }),
});
