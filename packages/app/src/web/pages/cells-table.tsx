import type { CellItem } from '../../cells/cell-json.ts';
import { CsrfField, TextField } from '../forms/fields.tsx';
import type { PageContext } from '../page-context.ts';
import { formatNumber } from './format.tsx';

/** A C-rate as people write it: 0.1 → "C/10", 2 → "2C". */
export function cRate(rate: number | null): string {
  if (rate === null) return '';
  if (rate >= 1) return `${formatNumber(rate, 3)}C`;
  const inverse = 1 / rate;
  return Math.abs(inverse - Math.round(inverse)) < 1e-9
    ? `C/${Math.round(inverse)}`
    : `${formatNumber(rate, 3)}C`;
}

function rate(c: number | null, ma: number | null): string {
  return [cRate(c), ma === null ? '' : `${formatNumber(ma, 4)} mA`].filter(Boolean).join(' · ');
}

const num = (v: number | null, unit: string, digits = 4) =>
  v === null ? '—' : `${formatNumber(v, digits)} ${unit}`;

/** The editable fields, in the order of the form: [name, label, hint]. */
const EDIT_FIELDS: [keyof CellItem, string, string?][] = [
  ['label', 'Label'],
  ['cycler', 'Cycler'],
  ['channel', 'Channel'],
  ['activeMassMg', 'Active mass (mg)'],
  ['electrodeAreaCm2', 'Electrode area (cm²)'],
  ['loadingMgCm2', 'Loading (mg/cm²)', 'empty: mass ÷ area'],
  ['cathodeMaterial', 'Cathode', "empty: the experiment's"],
  ['anodeMaterial', 'Anode', "empty: the experiment's"],
  ['electrolyte', 'Electrolyte'],
  ['formFactor', 'Form factor', "empty: the experiment's"],
  ['nominalCapacityMah', 'Nominal capacity (mAh)'],
  ['chargeCRate', 'Charge C-rate', '0.1 = C/10'],
  ['dischargeCRate', 'Discharge C-rate'],
  ['chargeCurrentMa', 'Charge current (mA)'],
  ['dischargeCurrentMa', 'Discharge current (mA)'],
  ['voltageMinV', 'Lower cut-off (V)'],
  ['voltageMaxV', 'Upper cut-off (V)'],
  ['temperatureC', 'Temperature (°C)'],
  ['notes', 'Notes'],
];

/** The value a field's input starts with: the cell's own, never the experiment's shown default. */
function own(cell: CellItem, name: keyof CellItem): string {
  if (cell.inherited.includes(name as never)) return '';
  if (name === 'loadingMgCm2' && cell.loadingDerived) return '';
  const v = cell[name];
  return v === null || typeof v === 'object' ? '' : String(v);
}

function EditCell({
  cell,
  csrf,
  experimentId,
}: {
  cell: CellItem;
  csrf: string | null;
  experimentId: number;
}) {
  return (
    <details class="cell-edit">
      <summary>Edit {cell.label}</summary>
      <form method="post" action={`/experiments/${experimentId}/cells/${cell.id}`} class="cell-form">
        <CsrfField token={csrf} />
        {EDIT_FIELDS.map(([name, label, hint]) => (
          <TextField
            key={name}
            name={name}
            label={label}
            value={own(cell, name)}
            idPrefix={`cell-${cell.id}`}
            {...(hint ? { hint } : {})}
          />
        ))}
        <button type="submit">Save {cell.label}</button>
      </form>
    </details>
  );
}

/**
 * The cells of an experiment (SPEC §6): what a scientist compares them by. Values taken from
 * the experiment are marked; those who may change the experiment edit a cell in place.
 */
export function CellsTable({
  ctx,
  experimentId,
  cells,
  mayChange,
}: {
  ctx: PageContext;
  experimentId: number;
  cells: CellItem[];
  mayChange: boolean;
}) {
  const inherited = (cell: CellItem, field: string, text: string) =>
    cell.inherited.includes(field as never) && text ? (
      <span title="the experiment's" class="inherited">
        {text}
      </span>
    ) : (
      text || '—'
    );
  const columns = 6;
  return (
    <section aria-labelledby="cells-heading" id="cells">
      <h2 id="cells-heading">Cells</h2>
      {cells.length === 0 ? (
        <p>No cell yet: uploading a file makes one, named after the file.</p>
      ) : (
        <div class="table-wrap" tabindex={0} role="region" aria-labelledby="cells-heading">
          <table class="cells-table">
            <caption class="visually-hidden">
              Cells of this experiment; greyed values are the experiment's
            </caption>
            <thead>
              <tr>
                <th scope="col">Cell</th>
                <th scope="col">Files (cycles)</th>
                <th scope="col" class="num">
                  Active mass
                </th>
                <th scope="col" class="num">
                  Loading
                </th>
                <th scope="col">Materials, form factor</th>
                <th scope="col">
                  Protocol <span class="muted small">(rates, window, °C)</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {cells.map((cell) => (
                <>
                  <tr key={cell.id}>
                    <th scope="row">
                      {cell.label}
                      {cell.cycler || cell.channel ? (
                        <span class="muted small">
                          {' '}
                          {[cell.cycler, cell.channel && `ch. ${cell.channel}`].filter(Boolean).join(' ')}
                        </span>
                      ) : null}
                    </th>
                    <td>
                      {cell.files.length === 0 ? (
                        <span class="muted">no file</span>
                      ) : (
                        <ol class="cell-files">
                          {cell.files.map((f) => (
                            <li key={f.id}>
                              {f.fileName}{' '}
                              <span class="muted">
                                {f.firstCellCycle === null
                                  ? '(no cycles)'
                                  : `(${f.firstCellCycle}–${f.lastCellCycle})`}
                              </span>
                            </li>
                          ))}
                        </ol>
                      )}
                    </td>
                    <td class="num">{num(cell.activeMassMg, 'mg')}</td>
                    <td class="num">
                      {num(cell.loadingMgCm2, 'mg/cm²', 3)}
                      {cell.loadingDerived ? (
                        <span class="muted small"> (mass ÷ {num(cell.electrodeAreaCm2, 'cm²', 3)})</span>
                      ) : null}
                    </td>
                    <td>
                      {cell.cathodeMaterial || cell.anodeMaterial ? (
                        <>
                          {inherited(cell, 'cathodeMaterial', cell.cathodeMaterial)} |{' '}
                          {inherited(cell, 'anodeMaterial', cell.anodeMaterial)}
                        </>
                      ) : (
                        '—'
                      )}
                      {cell.electrolyte ? <span class="muted small"> in {cell.electrolyte}</span> : null}
                      <br />
                      {inherited(cell, 'formFactor', cell.formFactor)}
                    </td>
                    <td>
                      {rate(cell.chargeCRate, cell.chargeCurrentMa) || '—'} /{' '}
                      {rate(cell.dischargeCRate, cell.dischargeCurrentMa) || '—'}
                      <br />
                      {cell.voltageMinV === null && cell.voltageMaxV === null
                        ? '—'
                        : `${formatNumber(cell.voltageMinV, 3)}–${formatNumber(cell.voltageMaxV, 3)} V`}
                      {cell.temperatureC === null ? null : (
                        <>, {inherited(cell, 'temperatureC', `${formatNumber(cell.temperatureC, 3)} °C`)}</>
                      )}
                    </td>
                  </tr>
                  {mayChange ? (
                    <tr key={`edit-${cell.id}`} class="cell-edit-row">
                      <td colSpan={columns}>
                        <EditCell cell={cell} csrf={ctx.csrfToken} experimentId={experimentId} />
                      </td>
                    </tr>
                  ) : null}
                </>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {mayChange ? (
        <form method="post" action={`/experiments/${experimentId}/cells`} class="inline-form add-cell">
          <CsrfField token={ctx.csrfToken} />
          <TextField name="label" label="New cell" idPrefix="new-cell" hint="a label, e.g. LFP-04" />
          <button type="submit">Add cell</button>
        </form>
      ) : null}
    </section>
  );
}
