import { RELATION_TYPES } from '../../datasets/citation/citation-metadata.ts';
import { SUGGESTED_LICENCE } from '../../datasets/citation/spdx.ts';
import type { CitationFormValues } from '../forms/citation-form-values.ts';
import { TextArea, TextField } from '../forms/fields.tsx';
import type { FieldErrors } from '../forms/form-errors.ts';

/** Licences open data is usually released under; any SPDX id may be typed. */
const COMMON_LICENCES = [SUGGESTED_LICENCE, 'CC0-1.0', 'CC-BY-SA-4.0', 'ODC-By-1.0', 'ODbL-1.0', 'PDDL-1.0'];

/**
 * The experiment form's "Citation" fieldset (issue 26): what a released dataset is cited with.
 * Lists are textareas, one entry a line, so it works without JavaScript and keeps what was typed.
 */
export function CitationFieldset({ values, errors }: { values: CitationFormValues; errors: FieldErrors }) {
  return (
    <fieldset class="wide stack" id="citation">
      <legend>Citation</legend>
      <p class="hint">
        How others cite this data once it is released openly. A release needs at least one creator and a
        licence.
      </p>
      <TextArea
        name="citationCreators"
        label="Creators"
        value={values.citationCreators}
        errors={errors}
        rows={4}
        hint="One person a line, in citation order: Name; ORCID iD; Affiliation — e.g. Curie, Marie; 0000-0002-1825-0097; Sorbonne. Only the name is required; write “Family, Given” when the family name has several words."
      />
      <div class="form-grid">
        <TextField
          name="citationLicence"
          label="Licence"
          value={values.citationLicence}
          errors={errors}
          list="spdx-licences"
          hint={`An SPDX id; ${SUGGESTED_LICENCE} is suggested for open data.`}
        />
        <datalist id="spdx-licences">
          {COMMON_LICENCES.map((id) => (
            <option key={id} value={id} />
          ))}
        </datalist>
        <TextField
          name="citationDoi"
          label="Dataset DOI"
          value={values.citationDoi}
          errors={errors}
          hint="When one is registered, e.g. 10.5281/zenodo.1234 or https://doi.org/…"
        />
        <div class="wide">
          <TextField
            name="citationKeywords"
            label="Keywords"
            value={values.citationKeywords}
            errors={errors}
            hint="Separated by commas"
          />
        </div>
      </div>
      <TextArea
        name="citationRelated"
        label="Related publications"
        value={values.citationRelated}
        errors={errors}
        rows={2}
        hint={`One a line: DOI; Relation — the relation is one of ${RELATION_TYPES.join(', ')} (IsSupplementTo when left out).`}
      />
      <TextArea
        name="citationFunding"
        label="Funding"
        value={values.citationFunding}
        errors={errors}
        rows={2}
        hint="One award a line: Funder; Award number; Award title"
      />
    </fieldset>
  );
}
