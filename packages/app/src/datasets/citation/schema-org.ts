import { personName } from './citation-metadata.ts';
import { type DatasetRecord, recordKeywords, releaseDay } from './dataset-record.ts';
import { RESOURCE_TYPE } from './datacite-xml.ts';
import { doiUrl } from './doi.ts';
import { orcidUrl } from './orcid.ts';
import { spdxUrl } from './spdx.ts';

/**
 * Google asks for a description of 50 to 5000 characters. A shorter one is led by the title and
 * followed by what the record says of itself; a longer one is cut with an ellipsis (the page
 * shows it whole).
 */
function describe(r: DatasetRecord): string {
  let text = r.description.trim();
  if (text.length < 50)
    text = [r.title.trim(), text, `${RESOURCE_TYPE}, version ${r.version}, published by ${r.publisher}.`]
      .filter(Boolean)
      .join(' — ');
  const chars = [...text]; // code points: a cut never splits a surrogate pair
  return chars.length > 5000 ? `${chars.slice(0, 4999).join('')}…` : text;
}

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
    description: describe(r),
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
