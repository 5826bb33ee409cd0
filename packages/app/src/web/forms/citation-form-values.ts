import type { CitationMetadata } from '../../datasets/citation/citation-metadata.ts';
import { validateCitation } from '../../datasets/citation/validate-citation.ts';
import { InvalidFields, type FieldProblem } from '../../validation/invalid-fields.ts';

/**
 * The experiment form's "Citation" fieldset (issue 26). Repeatable parts are textareas with one
 * entry a line and `;` between its parts, so the form works without JavaScript, any number of
 * creators fits, and what was typed comes back unchanged on an error.
 */
export const CITATION_FORM_FIELDS = [
  'citationCreators',
  'citationLicence',
  'citationKeywords',
  'citationRelated',
  'citationFunding',
  'citationDoi',
] as const;
export type CitationFormField = (typeof CITATION_FORM_FIELDS)[number];
export type CitationFormValues = Partial<Record<CitationFormField, string>>;

export const CITATION_FIELD_LABELS: Record<CitationFormField, string> = {
  citationCreators: 'Creators',
  citationLicence: 'Licence',
  citationKeywords: 'Keywords',
  citationRelated: 'Related publications',
  citationFunding: 'Funding',
  citationDoi: 'Dataset DOI',
};

/** Which form field shows a problem of which part, and the words for the part's columns. */
const PARTS: Record<string, { field: CitationFormField; columns?: Record<string, string> }> = {
  creators: {
    field: 'citationCreators',
    columns: { name: 'the name', orcid: 'the ORCID iD', affiliation: 'the affiliation' },
  },
  relatedPublications: { field: 'citationRelated', columns: { doi: 'the DOI', relation: 'the relation' } },
  funding: {
    field: 'citationFunding',
    columns: { funder: 'the funder', awardNumber: 'the award number', awardTitle: 'the award title' },
  },
  licence: { field: 'citationLicence' },
  keywords: { field: 'citationKeywords' },
  doi: { field: 'citationDoi' },
};

const join = (parts: string[]) => parts.join('; ').replace(/(; )+$/, '');

/** What the fieldset shows for a stored citation. */
export function citationFormValues(c: CitationMetadata): CitationFormValues {
  return {
    citationCreators: c.creators.map((p) => join([p.name, p.orcid ?? '', p.affiliation])).join('\n'),
    citationLicence: c.licence ?? '',
    citationKeywords: c.keywords.join(', '),
    citationRelated: c.relatedPublications.map((p) => `${p.doi}; ${p.relation}`).join('\n'),
    citationFunding: c.funding.map((f) => join([f.funder, f.awardNumber, f.awardTitle])).join('\n'),
    citationDoi: c.doi ?? '',
  };
}

/** The non-blank lines of a textarea, each split at `;`, with its line number for messages. */
function rows(text: string | undefined): { line: number; cells: string[] }[] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((raw, i) => ({ line: i + 1, cells: raw.split(';').map((c) => c.trim()) }))
    .filter((r) => r.cells.some((c) => c !== ''));
}

/**
 * The fieldset as the API's `citation` (so the domain's one validator decides), and the line
 * each list entry came from. A textarea line with more parts than its columns is refused here:
 * the domain would never see the extra part.
 */
function citationOf(values: CitationFormValues) {
  const creators = rows(values.citationCreators);
  const related = rows(values.citationRelated);
  const funding = rows(values.citationFunding);
  const lines = { creators, relatedPublications: related, funding };
  const extra: FieldProblem[] = [];
  const tooMany = (field: CitationFormField, list: typeof creators, columns: number, shape: string) => {
    for (const r of list)
      if (r.cells.length > columns)
        extra.push({ field, message: `Line ${r.line} has more than ${columns} parts; write it as ${shape}` });
  };
  tooMany('citationCreators', creators, 3, 'Name; ORCID iD; Affiliation');
  tooMany('citationRelated', related, 2, 'DOI; Relation');
  tooMany('citationFunding', funding, 3, 'Funder; Award number; Award title');
  const citation = {
    creators: creators.map(({ cells: [name, orcid, affiliation] }) => ({ name, orcid, affiliation })),
    licence: values.citationLicence ?? '',
    relatedPublications: related.map(({ cells: [doi, relation] }) => ({
      doi,
      ...(relation ? { relation } : {}),
    })),
    funding: funding.map(({ cells: [funder, awardNumber, awardTitle] }) => ({
      funder,
      awardNumber,
      awardTitle,
    })),
    keywords: (values.citationKeywords ?? '')
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean),
    doi: values.citationDoi ?? '',
  };
  return { citation, lines, extra };
}

/**
 * A problem of the API's citation (`citation.creators[1].orcid "…" is not …`) as the form shows
 * it: on the textarea, with the line a person typed ("Line 2: the ORCID iD "…" is not …").
 */
function onForm(problem: FieldProblem, lines: ReturnType<typeof citationOf>['lines']): FieldProblem {
  const match = /^citation\.(\w+)(?:\[(\d+)\](?:\.(\w+))?)?/.exec(problem.field);
  const part = match ? PARTS[match[1]!] : undefined;
  if (!match || !part) return problem;
  const rest = problem.message.slice(problem.field.length).trim();
  if (match[2] === undefined)
    return { field: part.field, message: `${CITATION_FIELD_LABELS[part.field]} ${rest}` };
  const line = lines[match[1] as keyof typeof lines]?.[Number(match[2])]?.line ?? Number(match[2]) + 1;
  const column = match[3] ? (part.columns?.[match[3]] ?? match[3]) : 'this line';
  return { field: part.field, message: `Line ${line}: ${column} ${rest}` };
}

/**
 * The fieldset as the domain's `citation`, checked here so each problem lands on its textarea
 * with its line; every problem together (SPEC §8).
 */
export function citationInput(values: CitationFormValues): { citation: unknown; problems: FieldProblem[] } {
  const { citation, lines, extra } = citationOf(values);
  try {
    validateCitation(citation);
    return { citation, problems: extra };
  } catch (error) {
    if (!(error instanceof InvalidFields)) throw error;
    return { citation, problems: [...extra, ...error.problems.map((p) => onForm(p, lines))] };
  }
}
