/**
 * A CSV in no layout BatteryDB reads, as a lab's own LabVIEW program might write it: tab-separated,
 * minutes, milliamps, millivolts, charging current written negative, per-cycle counters in mAh.
 * It returns the file and its own per-cycle figures (the counters' last values), which an import
 * through a column mapping must reproduce exactly.
 */
export const HOME_MADE_HEADER = [
  'elapsed_min',
  'loop',
  'stage',
  'amps_mA',
  'volts_mV',
  'q_in_mAh',
  'q_out_mAh',
  'temp_C',
];

export interface HomeMadeFile {
  text: string;
  /** Per cycle: the file's own charge and discharge capacity (Ah). */
  cycles: { cycle: number; chargeAh: number; dischargeAh: number }[];
}

export function homeMadeCsv(options: { cycles: number; seed: number }): HomeMadeFile {
  const rows: string[] = [HOME_MADE_HEADER.join('\t')];
  const cycles: HomeMadeFile['cycles'] = [];
  let minute = 0;
  for (let cycle = 1; cycle <= options.cycles; cycle += 1) {
    // Irregular figures: capacities fade and wobble with the seed, written with 3 decimals.
    const chargeMah = Number((1000 - 7.3 * cycle + ((options.seed * 31 + cycle * 17) % 13) / 7).toFixed(3));
    const dischargeMah = Number((chargeMah * 0.987).toFixed(3));
    const points = 10;
    for (let i = 1; i <= points; i += 1) {
      minute += 1;
      const q = Number(((chargeMah * i) / points).toFixed(3));
      rows.push([minute, cycle, 1, -500, 3500 + 60 * i, q, 0, 25.1].join('\t'));
    }
    for (let i = 1; i <= points; i += 1) {
      minute += 1;
      const q = Number(((dischargeMah * i) / points).toFixed(3));
      rows.push([minute, cycle, 2, 500, 4100 - 60 * i, chargeMah, q, 25.4].join('\t'));
    }
    cycles.push({ cycle, chargeAh: chargeMah / 1000, dischargeAh: dischargeMah / 1000 });
  }
  return { text: `${rows.join('\r\n')}\r\n`, cycles };
}

/** The mapping of that layout as a person enters it (0-based columns). */
export const HOME_MADE_MAPPING = {
  fields: {
    time: { column: 0, unit: 'min' },
    cycle: { column: 1 },
    step: { column: 2 },
    current: { column: 3, unit: 'mA' },
    voltage: { column: 4, unit: 'mV' },
    chargeCapacity: { column: 5, unit: 'mAh' },
    dischargeCapacity: { column: 6, unit: 'mAh' },
    temperature: { column: 7, unit: '°C' },
  },
  chargeCurrent: 'negative',
} as const;
