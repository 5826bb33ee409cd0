import { type Static, Type } from '@sinclair/typebox';
import { closed, IdInteger, IdString } from '../../schemas/common.ts';
import { CycleJson } from './data-schemas.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const Positive = (description: string) => Nullable(Type.Number({ exclusiveMinimum: 0, description }));
const Text = (maxLength: number, description: string) => Type.String({ maxLength, description });
const Inheritable = (maxLength: number, what: string) =>
  Nullable(Type.String({ maxLength, description: `${what}; null or empty: the experiment's` }));

export const CellParams = closed({ id: IdString, cellId: IdString });

/** What a client may set on a cell (SPEC §6); every field optional, null clears it. */
const cellFields = {
  label: Type.String({ minLength: 1, maxLength: 100, description: 'e.g. "LFP-03" or the coin cell number' }),
  cycler: Text(100, 'instrument, e.g. "BioLogic VMP3"'),
  channel: Text(50, 'channel on the cycler'),
  activeMassMg: Positive('active material mass (mg): capacities then also show as mAh/g'),
  electrodeAreaCm2: Positive('electrode area (cm²)'),
  loadingMgCm2: Positive('loading (mg/cm²); when null, derived from mass and area'),
  cathodeMaterial: Inheritable(200, 'cathode (positive electrode) material'),
  anodeMaterial: Inheritable(200, 'anode (negative electrode) material'),
  electrolyte: Inheritable(200, 'electrolyte, e.g. "1 M LiPF6 in EC:DMC"'),
  formFactor: Inheritable(100, 'coin (CR2032), pouch, cylindrical…'),
  nominalCapacityMah: Positive("nominal capacity (mAh); null: the experiment's"),
  chargeCRate: Positive('charge rate as a C-rate: 0.1 is C/10'),
  dischargeCRate: Positive('discharge rate as a C-rate'),
  chargeCurrentMa: Positive('charge current (mA), when the protocol is given as a current'),
  dischargeCurrentMa: Positive('discharge current (mA)'),
  voltageMinV: Nullable(Type.Number({ description: 'lower cut-off voltage (V)' })),
  voltageMaxV: Nullable(Type.Number({ description: 'upper cut-off voltage (V), above the lower' })),
  temperatureC: Nullable(Type.Number({ description: "test temperature (°C); null: the experiment's" })),
  notes: Text(5000, 'free text'),
};

export const CellCreateBody = closed({
  ...Type.Partial(Type.Object(cellFields)).properties,
  label: cellFields.label,
});
export type CellCreateBody = Static<typeof CellCreateBody>;
export const CellPatchBody = Type.Partial(closed(cellFields), { minProperties: 1 });
export type CellPatchBody = Static<typeof CellPatchBody>;

export const CellFileJson = Type.Object({
  id: Type.Integer(),
  fileName: Type.String(),
  position: Type.Integer({ description: 'place among the cell’s files, from 1' }),
  cycles: Type.Integer(),
  firstCellCycle: Nullable(Type.Integer({ description: 'first cycle in the cell’s continued numbering' })),
  lastCellCycle: Nullable(Type.Integer()),
  cycleOffset: Type.Integer({ description: 'added to the file’s own cycle numbers' }),
});

export const CellJson = Type.Object({
  id: Type.Integer(),
  experimentId: Type.Integer(),
  label: Type.String(),
  position: Type.Integer(),
  cycler: Type.String(),
  channel: Type.String(),
  activeMassMg: Nullable(Type.Number()),
  electrodeAreaCm2: Nullable(Type.Number()),
  loadingMgCm2: Nullable(Type.Number()),
  loadingDerived: Type.Boolean({ description: 'loading computed as mass / area' }),
  cathodeMaterial: Type.String(),
  anodeMaterial: Type.String(),
  electrolyte: Type.String(),
  formFactor: Type.String(),
  nominalCapacityMah: Nullable(Type.Number()),
  chargeCRate: Nullable(Type.Number()),
  dischargeCRate: Nullable(Type.Number()),
  chargeCurrentMa: Nullable(Type.Number()),
  dischargeCurrentMa: Nullable(Type.Number()),
  voltageMinV: Nullable(Type.Number()),
  voltageMaxV: Nullable(Type.Number()),
  temperatureC: Nullable(Type.Number()),
  notes: Type.String(),
  inherited: Type.Array(Type.String(), {
    description: 'fields shown from the experiment because the cell records none',
  }),
  files: Type.Array(CellFileJson),
  cycles: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

/** A cycle with its cell: the file's own number (`cycle`) and the cell's continued one. */
export const CellCycleJson = Type.Object({
  ...CycleJson.properties,
  cellId: Nullable(Type.Integer()),
  cellCycle: Type.Integer({ description: 'cycle number within the cell, continued across its files' }),
  chargeCapacityMahG: Nullable(Type.Number({ description: 'mAh per g of the cell’s active mass' })),
  dischargeCapacityMahG: Nullable(Type.Number()),
});

export const FileMoveBody = closed({
  cellId: IdInteger,
  position: Type.Optional(
    Type.Integer({ minimum: 1, description: 'place among the cell’s files (default: last)' }),
  ),
});
export type FileMoveBody = Static<typeof FileMoveBody>;
