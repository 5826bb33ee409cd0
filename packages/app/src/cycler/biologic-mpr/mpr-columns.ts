/**
 * Column ids of the .mpr data module and their binary types. The ids were reverse-engineered by the
 * galvani project; we list every id it knows (so any record layout can be sized) but name only
 * the ones we read. An id missing here makes the file unreadable, because the record size is then
 * unknown — the error says which id.
 */
export type MprType = 'f8' | 'f4' | 'u4' | 'u2' | 'u1';

export const MPR_TYPE_BYTES: Record<MprType, number> = { f8: 8, f4: 4, u4: 4, u2: 2, u1: 1 };

/** Ids whose values are bits of one shared flags byte (mode, ox/red, error, changes…). */
export const MPR_FLAG_IDS = new Set([1, 2, 3, 21, 31, 65]);
/** Bits of the flags byte: mode is 1 = constant current, 2 = constant voltage, 3 = rest. */
export const MPR_MODE_MASK = 0x03;

/** The columns we read, by meaning. */
export const MPR_COLUMN = {
  time: [4],
  controlVmA: [5],
  voltage: [6, 77, 174],
  dqmAh: [7, 23],
  current: [8, 11, 76],
  cycleNumber: [24],
  energyCharge: [123],
  energyDischarge: [124],
  step: [131],
  signedQmAh: [467, 211],
  halfCycle: [468, 212],
  qCharge: [498],
  qDischarge: [499],
  temperature: [462],
} as const;

const TYPES: [MprType, number[]][] = [
  ['f8', [4, 7, 11, 13, 23, 24, 74, 123, 124, 125, 126, 211, 438, 467, 498, 499, 500, 501, 502]],
  ['u4', [212, 213, 468, 469]],
  ['u2', [39, 131]],
  ['u1', [509]],
  [
    'f4',
    [
      5, 6, 8, 9, 16, 17, 19, 20, 26, 27, 32, 33, 34, 35, 36, 37, 38, 69, 70, 75, 76, 77, 78, 96, 98, 99, 100,
      101, 163, 168, 169, 172, 173, 174, 178, 179, 217, 218, 220, 221, 223, 224, 230, 231, 232, 233, 234, 235,
      236, 237, 238, 239, 240, 241, 242, 271, 272, 301, 302, 331, 332, 361, 362, 391, 392, 422, 423, 424, 425,
      426, 430, 431, 432, 433, 434, 435, 441, 462, 471, 473, 474, 476, 477, 479, 480, 486, 487, 488, 489, 490,
      491, 492, 493, 494, 495, 496, 497, 505,
    ],
  ],
];

const TYPE_OF = new Map<number, MprType>(
  TYPES.flatMap(([type, ids]) => ids.map((id): [number, MprType] => [id, type])),
);

export function mprType(id: number): MprType | undefined {
  return TYPE_OF.get(id);
}
