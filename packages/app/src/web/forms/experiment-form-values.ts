import type { ExperimentJson } from '../../experiments/experiment-json.ts';
import { FormInputError } from './form-errors.ts';
import { decimalOf, given } from './form-schema.ts';
import { validateFields } from '../../experiments/experiment-fields.ts';
import { FieldChecks, InvalidFields } from '../../validation/invalid-fields.ts';
import { emptyCitation } from '../../datasets/citation/citation-metadata.ts';
import { citationFormValues, citationInput, type CitationFormValues } from './citation-form-values.ts';

/** The experiment form's fields, named as the API's (so a problem's `field` lands beside its input). */
export const EXPERIMENT_FORM_FIELDS = [
  'title',
  'description',
  'chemistry',
  'cathodeMaterial',
  'anodeMaterial',
  'cellFormat',
  'nominalCapacityMah',
  'activeMassMg',
  'temperatureC',
  'cycler',
  'startDate',
  'tags',
] as const;
export type ExperimentFormValues = Partial<Record<(typeof EXPERIMENT_FORM_FIELDS)[number], string>> &
  CitationFormValues;

/** The form's labels, for messages beside the fields ("Active mass (mg) must be a number"). */
export const EXPERIMENT_FIELD_LABELS: Record<(typeof EXPERIMENT_FORM_FIELDS)[number], string> = {
  title: 'Title',
  description: 'Description',
  chemistry: 'Chemistry',
  cathodeMaterial: 'Cathode material',
  anodeMaterial: 'Anode material',
  cellFormat: 'Cell format',
  nominalCapacityMah: 'Nominal capacity (mAh)',
  activeMassMg: 'Active mass (mg)',
  temperatureC: 'Temperature (°C)',
  cycler: 'Cycler',
  startDate: 'Start date',
  tags: 'Tags',
};

const NUMBER_FIELDS = new Set(['nominalCapacityMah', 'activeMassMg', 'temperatureC']);

/** What the form shows for a stored experiment. */
export function formValuesOf(e: ExperimentJson): ExperimentFormValues {
  const number = (n: number | null) => (n === null ? '' : String(n));
  return {
    title: e.title,
    description: e.description,
    chemistry: e.chemistry,
    cathodeMaterial: e.cathodeMaterial,
    anodeMaterial: e.anodeMaterial,
    cellFormat: e.cellFormat,
    nominalCapacityMah: number(e.nominalCapacityMah),
    activeMassMg: number(e.activeMassMg),
    temperatureC: number(e.temperatureC),
    cycler: e.cycler,
    startDate: e.startDate ?? '',
    tags: e.tags.join(', '),
    ...citationFormValues(e.citation ?? emptyCitation()),
  };
}

/**
 * The typed form as the domain's input (the same fields the JSON API takes): blank numbers and
 * dates are null, tags are comma-separated. Only the page's own conversions fail here ("not a
 * number"); every other rule is the domain's (`validateFields`), so the page cannot drift.
 */
export function experimentInput(values: ExperimentFormValues): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const checks = new FieldChecks();
  let refusedHere = false;
  for (const name of EXPERIMENT_FORM_FIELDS) {
    const raw = values[name] ?? '';
    if (NUMBER_FIELDS.has(name)) {
      const n = decimalOf(raw) ?? null;
      if (n !== null && !Number.isFinite(n)) {
        refusedHere = true;
        checks.check(() => {
          throw new FormInputError(name, `${name} must be a number, e.g. 12.5 or 12,5`);
        });
      } else input[name] = n;
    } else if (name === 'startDate') input[name] = given(raw) ?? null;
    else if (name === 'tags')
      input[name] = raw
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean);
    else input[name] = raw;
  }
  // The citation's problems land on its textareas, with the line typed (citation-form-values.ts).
  const citation = citationInput(values);
  if (citation.problems.length > 0) {
    refusedHere = true;
    checks.check(() => {
      throw new InvalidFields(citation.problems);
    });
  } else input.citation = citation.citation;
  // A field the page refused is reported with every refusal of the other fields.
  if (refusedHere) checks.check(() => validateFields(input, 'patch'));
  checks.done();
  return input;
}
