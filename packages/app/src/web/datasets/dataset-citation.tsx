import type { DatasetVersion } from '../../datasets/dataset-versions.ts';
import { licenceName, licenceUrl } from '../../datasets/licences.ts';

/** What a citation of one version needs besides the version: where it lives and its licence. */
export interface CitationContext {
  /** The landing page's absolute URL (`/datasets/:id/v/:n` on this site). */
  url: string;
  licence: string | null;
  publisher: string;
}

const year = (v: DatasetVersion) => v.releasedAt.getUTCFullYear();

/**
 * "Cite as" on the landing page: the basics every citation style has (creator, year, title,
 * version, publisher, URL). The citation formats (BibTeX, RIS, CSL-JSON, DataCite) replace this
 * at merge (issue 26, citation metadata); the section and its place stay.
 */
export function CiteAs({ version, cite }: { version: DatasetVersion; cite: CitationContext }) {
  const e = version.snapshot.experiment;
  return (
    <section aria-labelledby="cite-heading" class="cite-as">
      <h2 id="cite-heading">Cite as</h2>
      <p class="citation">
        {e.creator} ({year(version)}). <cite>{e.title}</cite> (Version {version.n}) [Data set].{' '}
        {cite.publisher}. <a href={cite.url}>{cite.url}</a>
      </p>
    </section>
  );
}

/**
 * schema.org `Dataset` metadata of one version (https://schema.org/Dataset), for search
 * engines and harvesters; the citation work extends it at merge.
 */
export function jsonLd(version: DatasetVersion, cite: CitationContext, downloads: string[]) {
  const e = version.snapshot.experiment;
  return {
    '@context': 'https://schema.org',
    '@type': 'Dataset',
    '@id': cite.url,
    url: cite.url,
    name: e.title,
    description: e.description || e.title,
    version: String(version.n),
    datePublished: version.releasedAt.toISOString().slice(0, 10),
    creator: [{ '@type': 'Person', name: e.creator }],
    publisher: { '@type': 'Organization', name: cite.publisher },
    ...(cite.licence ? { license: licenceUrl(cite.licence) } : {}),
    keywords: [e.chemistry, e.cathodeMaterial, e.anodeMaterial, ...e.tags].filter(Boolean),
    measurementTechnique: 'Galvanostatic cycling',
    variableMeasured: ['charge capacity', 'discharge capacity', 'coulombic efficiency', 'energy'],
    distribution: version.snapshot.files
      .map((f, i) => ({
        '@type': 'DataDownload',
        name: f.name,
        contentUrl: downloads[i],
        contentSize: `${f.bytes} B`,
        encodingFormat: 'application/octet-stream',
        sha256: f.sha256,
      }))
      .filter((d) => d.contentUrl !== undefined),
  };
}

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
