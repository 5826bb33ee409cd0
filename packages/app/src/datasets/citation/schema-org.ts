import { personName } from './citation-metadata.ts';
import { type DatasetRecord, recordKeywords, releaseDay } from './dataset-record.ts';
import { doiUrl } from './doi.ts';
import { orcidUrl } from './orcid.ts';
import { spdxUrl } from './spdx.ts';

/**
 * The schema.org `Dataset` (JSON-LD) a landing page embeds, with what Google's Dataset
 * guidelines ask for (https://developers.google.com/search/docs/appearance/structured-data/dataset):
 * name, description, url, identifier, creator (Person with ORCID as URL), license as a URL,
 * distribution as DataDownload, datePublished, version, keywords.
 */
export function toSchemaOrgDataset(r: DatasetRecord): Record<string, unknown> {
  const c = r.citation;
  const id = c.doi ? doiUrl(c.doi) : r.landingUrl;
  return {
    '@context': 'https://schema.org',
    '@type': 'Dataset',
    '@id': id,
    name: r.title,
    // Google asks for a description of 50–5000 characters; the title stands in when there is none.
    description: r.description.trim() || r.title,
    url: r.landingUrl,
    identifier: id,
    version: String(r.version),
    datePublished: releaseDay(r),
    isAccessibleForFree: true,
    creator: c.creators.map((p) => {
      const { family, given } = personName(p.name);
      return {
        '@type': 'Person',
        name: p.name,
        ...(given ? { givenName: given } : {}),
        familyName: family,
        ...(p.orcid ? { '@id': orcidUrl(p.orcid), identifier: orcidUrl(p.orcid) } : {}),
        ...(p.affiliation ? { affiliation: { '@type': 'Organization', name: p.affiliation } } : {}),
      };
    }),
    publisher: { '@type': 'Organization', name: r.publisher },
    ...(c.licence ? { license: spdxUrl(c.licence) } : {}),
    keywords: recordKeywords(r),
    ...(c.relatedPublications.length ? { citation: c.relatedPublications.map((p) => doiUrl(p.doi)) } : {}),
    ...(c.funding.length
      ? {
          funding: c.funding.map((f) => ({
            '@type': 'Grant',
            ...(f.awardNumber ? { identifier: f.awardNumber } : {}),
            ...(f.awardTitle ? { name: f.awardTitle } : {}),
            funder: { '@type': 'Organization', name: f.funder },
          })),
        }
      : {}),
    distribution: r.files.map((f) => ({
      '@type': 'DataDownload',
      name: f.name,
      contentUrl: f.downloadUrl,
      encodingFormat: f.format,
      contentSize: `${f.bytes} B`,
      sha256: f.sha256,
    })),
  };
}
