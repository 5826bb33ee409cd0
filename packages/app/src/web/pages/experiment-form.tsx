import { CsrfField, FormError, TextArea, TextField } from '../forms/fields.tsx';
import type { FieldErrors } from '../forms/form-errors.ts';
import type { ExperimentFormValues } from '../forms/experiment-form-values.ts';
import { Page } from '../layout/page.tsx';
import { CitationFieldset } from './citation-fieldset.tsx';
import type { PageContext } from '../page-context.ts';

/** Create (no `id`) or edit an experiment; on a 400 the form comes back with what was typed. */
export function ExperimentFormPage({
  ctx,
  id,
  values,
  errors = {},
  message,
}: {
  ctx: PageContext;
  id?: number;
  values: ExperimentFormValues;
  errors?: FieldErrors;
  message?: string | null;
}) {
  const title = id === undefined ? 'New experiment' : 'Edit experiment';
  const field = (name: keyof ExperimentFormValues, label: string, extra: Record<string, unknown> = {}) => (
    <TextField name={name} label={label} value={values[name]} errors={errors} {...extra} />
  );
  return (
    <Page ctx={ctx} title={title}>
      <h1>{title}</h1>
      <form
        method="post"
        action={id === undefined ? '/experiments' : `/experiments/${id}/edit`}
        class="panel stack"
      >
        <CsrfField token={ctx.csrfToken} />
        <FormError message={message} />
        <div class="form-grid">
          <div class="wide">{field('title', 'Title', { required: true, maxLength: 300 })}</div>
          {field('chemistry', 'Chemistry', { hint: 'e.g. LFP, NMC811, LCO' })}
          {field('cathodeMaterial', 'Cathode material')}
          {field('anodeMaterial', 'Anode material')}
          {field('cellFormat', 'Cell format', { hint: 'coin, pouch, cylindrical…' })}
          {field('nominalCapacityMah', 'Nominal capacity (mAh)', { inputMode: 'decimal' })}
          {field('activeMassMg', 'Active mass (mg)', {
            inputMode: 'decimal',
            hint: 'Optional; capacities are then also shown in mAh/g.',
          })}
          {field('temperatureC', 'Temperature (°C)', { inputMode: 'decimal' })}
          {field('cycler', 'Cycler', { hint: 'e.g. Arbin BT2000, Maccor 4000' })}
          {field('startDate', 'Start date', { type: 'date' })}
          <div class="wide">{field('tags', 'Tags', { hint: 'Separated by commas, e.g. aging, 45C' })}</div>
          <div class="wide">
            <TextArea
              name="description"
              label="Description"
              value={values.description}
              errors={errors}
              rows={5}
              maxLength={20000}
            />
          </div>
        </div>
        <CitationFieldset values={values} errors={errors} />
        <div class="actions">
          <button type="submit" class="primary">
            {id === undefined ? 'Create experiment' : 'Save changes'}
          </button>
          <a href={id === undefined ? '/experiments' : `/experiments/${id}`}>Cancel</a>
        </div>
        {id === undefined ? (
          <p class="hint">
            The experiment starts private: only you (and Maintainers) see it until it is published.
          </p>
        ) : null}
      </form>
    </Page>
  );
}

export function DeleteExperimentPage({
  ctx,
  id,
  title,
  files,
}: {
  ctx: PageContext;
  id: number;
  title: string;
  files: number;
}) {
  return (
    <Page ctx={ctx} title="Delete experiment">
      <section class="narrow">
        <h1>Delete “{title}”?</h1>
        <p>
          This deletes the experiment with its {files} file{files === 1 ? '' : 's'}, every sample and every
          share. It cannot be undone.
        </p>
        <form method="post" action={`/experiments/${id}/delete`} class="actions">
          <CsrfField token={ctx.csrfToken} />
          <button type="submit" class="danger">
            Delete for good
          </button>
          <a href={`/experiments/${id}`}>Cancel</a>
        </form>
      </section>
    </Page>
  );
}

export function DeleteFilePage({
  ctx,
  experimentId,
  file,
}: {
  ctx: PageContext;
  experimentId: number;
  file: { id: number; fileName: string; points: number; cycles: number };
}) {
  return (
    <Page ctx={ctx} title="Delete file">
      <section class="narrow">
        <h1>Delete “{file.fileName}”?</h1>
        <p>
          This deletes the file with its {file.points.toLocaleString('en')} samples and {file.cycles} cycles.
          The rest of the experiment stays.
        </p>
        <form method="post" action={`/experiments/${experimentId}/files/${file.id}/delete`} class="actions">
          <CsrfField token={ctx.csrfToken} />
          <button type="submit" class="danger">
            Delete the file
          </button>
          <a href={`/experiments/${experimentId}`}>Cancel</a>
        </form>
      </section>
    </Page>
  );
}
