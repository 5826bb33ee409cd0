/**
 * The column mapping page (issue 22): a file in no layout we read, its first rows as written
 * (escaped like every text), and a form that says which column holds which quantity, in which
 * unit, and which way its current points. Saving imports the kept file with it.
 */
import {
  MAPPED_FIELD_NAMES,
  MAPPED_FIELDS,
  type MappedField,
  type TablePreview,
} from '../../cycler/index.ts';
import { CsrfField, FormError, SelectField, TextField } from '../forms/fields.tsx';
import type { FieldErrors } from '../forms/form-errors.ts';
import { Page } from '../layout/page.tsx';
import type { PageContext } from '../page-context.ts';

/** The form's own field names: `<quantity>` holds a column, `<quantity>Unit` its unit. */
export type MappingFormValues = Partial<Record<string, string>>;

export const unitFieldOf = (field: MappedField) => `${field}Unit`;

export interface MappingPageProps {
  ctx: PageContext;
  experimentId: number;
  importId: number;
  fileName: string;
  table: TablePreview;
  values: MappingFormValues;
  errors?: FieldErrors;
  message?: string | null;
}

export function ColumnMappingPage(props: MappingPageProps) {
  const { ctx, experimentId, importId, fileName, table, values, errors } = props;
  const columnOptions = [
    { value: '', label: '— not in the file —' },
    ...table.columns.map((name, i) => ({ value: String(i), label: `${i + 1}: ${name}` })),
  ];
  return (
    <Page ctx={ctx} title={`Map the columns of ${fileName}`}>
      <section>
        <h1>Map the columns of “{fileName}”</h1>
        <p>
          This file is in no layout BatteryDB reads. Say which column holds what, and in which unit; the
          mapping is saved under a name, this file is imported with it, and later files with the same column
          names are imported with it without asking (uploads, the API and the harvester alike).
        </p>
        <h2 id="mapping-rows-heading">
          The file from line {table.line}: its column names and first {table.rows.length} rows
        </h2>
        <div class="table-wrap" tabindex={0} role="region" aria-labelledby="mapping-rows-heading">
          <table class="mapping-rows">
            <thead>
              <tr>
                {table.columns.map((name, i) => (
                  <th key={i} scope="col">
                    <span class="column-number">{i + 1}</span> {name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, r) => (
                <tr key={r}>
                  {table.columns.map((_, i) => (
                    <td key={i}>{row[i] ?? ''}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <form method="post" action={`/experiments/${experimentId}/imports/${importId}/map`} novalidate>
          <CsrfField token={ctx.csrfToken} />
          <FormError message={props.message} />
          <TextField
            name="name"
            label="Name of the mapping"
            hint="What the lab will know it by, e.g. the program or rig that writes these files."
            value={values['name']}
            errors={errors}
            required
            maxLength={100}
          />
          <fieldset>
            <legend>Which column holds what</legend>
            <div class="mapping-grid">
              {MAPPED_FIELD_NAMES.map((field) => {
                const info = MAPPED_FIELDS[field];
                const units = Object.keys(info.units);
                return (
                  <div class="mapping-row" key={field}>
                    <SelectField
                      name={field}
                      label={info.label}
                      value={values[field]}
                      errors={errors}
                      required={info.required}
                      options={columnOptions}
                    />
                    {units.length > 0 ? (
                      <SelectField
                        name={unitFieldOf(field)}
                        label={`${info.label}: unit`}
                        value={values[unitFieldOf(field)] ?? units[0]}
                        errors={errors}
                        options={units.map((u) => ({ value: u, label: u }))}
                      />
                    ) : null}
                  </div>
                );
              })}
            </div>
          </fieldset>
          <SelectField
            name="chargeCurrent"
            label="Current while charging"
            hint="BatteryDB counts charging current as positive; many programs write it negative."
            value={values['chargeCurrent'] ?? 'positive'}
            errors={errors}
            options={[
              { value: 'positive', label: 'positive (charging is +, discharging is −)' },
              { value: 'negative', label: 'negative (charging is −, discharging is +)' },
            ]}
          />
          <div class="actions">
            <button type="submit">Save the mapping and import the file</button>
            <a href={`/experiments/${experimentId}`}>Cancel</a>
          </div>
        </form>
      </section>
    </Page>
  );
}
