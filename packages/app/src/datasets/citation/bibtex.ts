import { personName } from './citation-metadata.ts';
import { type DatasetRecord, recordKey, recordKeywords } from './dataset-record.ts';
import { doiUrl } from './doi.ts';

/**
 * BibTeX's special characters as LaTeX text commands, so a title with `50% SoC & 1 C_rate` or a
 * stray brace cannot unbalance the entry. Other Unicode is kept as UTF-8 (biber, bibtex8 and
 * every current reference manager read it).
 */
const SPECIAL: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  $: '\\$',
  '&': '\\&',
  '%': '\\%',
  '#': '\\#',
  _: '\\_',
  '^': '\\textasciicircum{}',
  '~': '\\textasciitilde{}',
};

export function bibtexText(value: string): string {
  // A blank line would end the paragraph inside a field; line breaks become spaces.
  return value.replace(/\s+/g, ' ').replace(/[\\{}$&%#_^~]/g, (c) => SPECIAL[c]!);
}

/**
 * One author as `{Family}, Given`: the braces keep a multi-word family name ("van der Berg")
 * together and an "and" inside a name from splitting the author list.
 */
function author(name: string): string {
  const { family, given } = personName(name);
  const protectedGiven = /\band\b/i.test(given) ? `{${bibtexText(given)}}` : bibtexText(given);
  return given ? `{${bibtexText(family)}}, ${protectedGiven}` : `{${bibtexText(family)}}`;
}

/**
 * A BibTeX `@misc` entry (classic BibTeX has no dataset type; biblatex reads `@misc` too).
 * The title is double-braced so styles keep its case (chemical formulas: LiFePO4, NMC811).
 */
export function toBibtex(r: DatasetRecord): string {
  const c = r.citation;
  const fields: [string, string][] = [
    ['author', c.creators.map((p) => author(p.name)).join(' and ')],
    ['title', `{${bibtexText(r.title)}}`],
    ['year', String(r.releasedAt.getUTCFullYear())],
    ['month', String(r.releasedAt.getUTCMonth() + 1)],
    ['publisher', bibtexText(r.publisher)],
    ['version', String(r.version)],
    ['howpublished', 'Dataset'],
  ];
  if (c.doi) fields.push(['doi', bibtexText(c.doi)]);
  fields.push(['url', bibtexText(c.doi ? doiUrl(c.doi) : r.landingUrl)]);
  const keywords = recordKeywords(r);
  if (keywords.length) fields.push(['keywords', bibtexText(keywords.join(', '))]);
  if (c.licence) fields.push(['copyright', bibtexText(c.licence)]);
  const body = fields
    .filter(([, value]) => value !== '')
    .map(([name, value]) => `  ${name} = {${value}}`)
    .join(',\n');
  return `@misc{${recordKey(r)},\n${body}\n}\n`;
}
