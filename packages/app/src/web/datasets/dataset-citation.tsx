import {
  formatCitation,
  type DatasetRecord,
  recordKey,
  toSchemaOrgDataset,
} from '../../datasets/citation/index.ts';
import { licenceName, licenceUrl } from '../../datasets/licences.ts';

/** The citation downloads the landing page offers (served by server/routes/datasets/citation-routes.ts). */
const CITATION_FILES = [
  { file: 'cite.bib', label: 'BibTeX' },
  { file: 'cite.ris', label: 'RIS (EndNote, Zotero, Mendeley)' },
  { file: 'cite.json', label: 'CSL-JSON' },
  { file: 'datacite.xml', label: 'DataCite 4.5 XML' },
  { file: 'datacite.json', label: 'DataCite JSON' },
] as const;

/**
 * "Cite as" on the landing page: the formatted citation (APA 7) a reader copies, and the same
 * record in the formats reference managers and DOI registration read — all from the frozen
 * version, so the citation of a version never changes.
 */
export function CiteAs({ record }: { record: DatasetRecord }) {
  const base = new URL(record.landingUrl).pathname;
  return (
    <section aria-labelledby="cite-heading" class="cite-as">
      <h2 id="cite-heading">Cite as</h2>
      <p class="citation">
        <LinkedCitation text={formatCitation(record)} />
      </p>
      <p>
        Download the citation:{' '}
        {CITATION_FILES.map((f, i) => (
          <>
            {i > 0 ? ' · ' : null}
            <a href={`${base}/${f.file}`} download={`${recordKey(record)}.${f.file.split('.').pop()}`}>
              {f.label}
            </a>
          </>
        ))}
      </p>
    </section>
  );
}

/** The citation's text with its address (the DOI or the landing page, which ends it) as a link. */
function LinkedCitation({ text }: { text: string }) {
  const match = /(https?:\/\/\S+?)(\.?)$/.exec(text);
  if (!match) return <>{text}</>;
  const url = match[1]!;
  return (
    <>
      {text.slice(0, match.index)}
      <a href={url}>{url}</a>
      {match[2]}
    </>
  );
}

/** schema.org `Dataset` metadata of one version (https://schema.org/Dataset), for search engines. */
export const jsonLd = (record: DatasetRecord) => toSchemaOrgDataset(record);

/**
 * The JSON-LD block. A `<script>` body is raw text in HTML (entities are not decoded), so the
 * renderer's escaping would corrupt the JSON; instead every character that could end the
 * element or start markup (`<`, `>`, `&`, U+2028/9) is written as a JSON `\u` escape, which
 * leaves the data identical and the element unbreakable. The only raw HTML in the pages.
 */
export function JsonLdScript({ data }: { data: unknown }) {
  const json = JSON.stringify(data).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: json }} />;
}

/** The licence as a link to its text, by name. */
export function LicenceLink({ id }: { id: string | null }) {
  if (!id) return <span class="muted">No licence: not released openly</span>;
  return (
    <a href={licenceUrl(id)} rel="license">
      {licenceName(id)} ({id})
    </a>
  );
}
