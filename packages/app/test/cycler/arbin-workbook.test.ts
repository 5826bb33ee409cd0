/**
 * An Arbin "Export to Excel" workbook of a long test: Global_Info, the samples split over
 * Channel_1_1 and Channel_1_2 (each with its header row), and a Statistics sheet with the
 * cycler's per-cycle figures. The Channel sheets are read in order as one series; the cycles we
 * compute equal the Statistics sheet's.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chunksOf, collect, near } from './support.ts';
import { zip, type ZipPart } from '../support/zip-writer.ts';

const HEADER = [
  'Data_Point',
  'Test_Time(s)',
  'Step_Index',
  'Cycle_Index',
  'Current(A)',
  'Voltage(V)',
  'Charge_Capacity(Ah)',
  'Discharge_Capacity(Ah)',
];

function sheet(rows: (string | number)[][]): string {
  const cell = (v: string | number, c: number, r: number) =>
    typeof v === 'number'
      ? `<c r="${String.fromCharCode(65 + c)}${r}"><v>${v}</v></c>`
      : `<c r="${String.fromCharCode(65 + c)}${r}" t="inlineStr"><is><t>${v}</t></is></c>`;
  const body = rows
    .map((row, i) => `<row r="${i + 1}">${row.map((v, c) => cell(v, c, i + 1)).join('')}</row>`)
    .join('');
  return `<worksheet><sheetData>${body}</sheetData></worksheet>`;
}

/** Two cycles, 1 Ah each way at ±1 A, 1 h per half cycle, sampled every 15 min; the counters are per cycle. */
function samples(): (string | number)[][] {
  const rows: (string | number)[][] = [];
  let point = 0;
  for (const cycle of [1, 2])
    for (const [step, current] of [
      [1, 1],
      [2, -1],
    ] as const)
      for (let q = 0; q <= 4; q += 1) {
        point += 1;
        const charge = step === 1 ? q * 0.25 : 1;
        const discharge = step === 2 ? q * 0.25 * (cycle === 1 ? 0.98 : 0.97) : 0;
        rows.push([point, point * 900, step, cycle, current, 3.5 + current * 0.1, charge, discharge]);
      }
  return rows;
}

function arbinWorkbook(): Buffer {
  const all = samples();
  const names = ['Global_Info', 'Channel_1_1', 'Channel_1_2', 'Statistics_1'];
  const parts: ZipPart[] = [
    {
      name: 'xl/workbook.xml',
      data: `<workbook><sheets>${names.map((n, i) => `<sheet name="${n}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `<Relationships>${names.map((_, i) => `<Relationship Id="rId${i + 1}" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}</Relationships>`,
    },
    { name: 'xl/worksheets/sheet1.xml', data: sheet([['TEST REPORT'], ['Channel', 1]]) },
    { name: 'xl/worksheets/sheet2.xml', data: sheet([HEADER, ...all.slice(0, 12)]) },
    { name: 'xl/worksheets/sheet3.xml', data: sheet([HEADER, ...all.slice(12)]) },
    {
      name: 'xl/worksheets/sheet4.xml',
      data: sheet([
        ['Cycle_Index', 'Charge_Capacity(Ah)', 'Discharge_Capacity(Ah)'],
        [1, 1, 0.98],
        [2, 1, 0.97],
      ]),
    },
  ];
  return zip(parts);
}

describe('Arbin .xlsx workbooks', () => {
  it('Channel sheets are one series; cycles equal the Statistics sheet', async () => {
    const { parsed, points, cycles } = await collect(chunksOf(arbinWorkbook(), 1000));
    assert.equal(parsed.format, 'arbin-xlsx');
    assert.equal(points.length, 20, 'both Channel sheets, without their second header row');
    assert.deepEqual(
      points.map((p) => p.timeS),
      Array.from({ length: 20 }, (_, i) => (i + 1) * 900),
    );
    assert.deepEqual(
      cycles.map((c) => c.cycle),
      [1, 2],
    );
    near(cycles[0]?.dischargeCapacityAh, 0.98, 1e-12, 'Qdis 1 as Statistics says');
    near(cycles[1]?.dischargeCapacityAh, 0.97, 1e-12, 'Qdis 2 as Statistics says');
    near(cycles[1]?.chargeCapacityAh, 1, 1e-12, 'Qchg 2');
    assert.equal(parsed.metadata['xlsx.sheets'], 'Global_Info, Channel_1_1, Channel_1_2, Statistics_1');
  });
});
