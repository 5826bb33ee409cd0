import { personName } from './citation-metadata.ts';
import { type DatasetRecord, recordKey, recordKeywords } from './dataset-record.ts';
import { doiUrl } from './doi.ts';

/** One CSL-JSON item (https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html), type `dataset`. */
export interface CslItem {
  id: string;
  type: 'dataset';
  title: string;
  author: { family: string; given?: string }[];
  issued: { 'date-parts': [[number, number, number]] };
  publisher: string;
  version: string;
  URL: string;
  DOI?: string;
  abstract?: string;
  keyword?: string;
  license?: string;
}

export function toCslJson(r: DatasetRecord): CslItem {
  const c = r.citation;
  const d = r.releasedAt;
  const keywords = recordKeywords(r);
  return {
    id: recordKey(r),
    type: 'dataset',
    title: r.title,
    author: c.creators.map((p) => {
      const { family, given } = personName(p.name);
      return given ? { family, given } : { family };
    }),
    issued: { 'date-parts': [[d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()]] },
    publisher: r.publisher,
    version: String(r.version),
    URL: c.doi ? doiUrl(c.doi) : r.landingUrl,
    ...(c.doi ? { DOI: c.doi } : {}),
    ...(r.description.trim() ? { abstract: r.description } : {}),
    ...(keywords.length ? { keyword: keywords.join(', ') } : {}),
    ...(c.licence ? { license: c.licence } : {}),
  };
}
