import { personName } from './citation-metadata.ts';
import { type DatasetRecord, recordKeywords, releaseDay } from './dataset-record.ts';
import { DATACITE_NAMESPACE, RESOURCE_TYPE } from './datacite-xml.ts';
import { orcidUrl } from './orcid.ts';
import { spdxUrl } from './spdx.ts';

/**
 * The same metadata as {@link toDataciteXml}, as the body DataCite's REST API takes for a DOI
 * (`POST /dois`, https://support.datacite.org/reference/post_dois): JSON:API with the 4.5
 * properties under `attributes`. `doi` is left out until one is known (the API then assigns it
 * under the configured prefix).
 */
export function toDataciteJson(r: DatasetRecord): {
  data: { type: 'dois'; attributes: Record<string, unknown> };
} {
  const c = r.citation;
  const formats = [...new Set(r.files.map((f) => f.format))];
  const attributes: Record<string, unknown> = {
    ...(c.doi ? { doi: c.doi } : {}),
    creators: c.creators.map((p) => {
      const { family, given } = personName(p.name);
      return {
        name: given ? `${family}, ${given}` : family,
        nameType: 'Personal',
        ...(given ? { givenName: given } : {}),
        familyName: family,
        nameIdentifiers: p.orcid
          ? [
              {
                nameIdentifier: orcidUrl(p.orcid),
                nameIdentifierScheme: 'ORCID',
                schemeUri: 'https://orcid.org',
              },
            ]
          : [],
        affiliation: p.affiliation ? [{ name: p.affiliation }] : [],
      };
    }),
    titles: [{ title: r.title }],
    publisher: { name: r.publisher },
    publicationYear: r.releasedAt.getUTCFullYear(),
    types: { resourceTypeGeneral: 'Dataset', resourceType: RESOURCE_TYPE },
    subjects: recordKeywords(r).map((subject) => ({ subject })),
    fundingReferences: c.funding.map((f) => ({
      funderName: f.funder,
      ...(f.awardNumber ? { awardNumber: f.awardNumber } : {}),
      ...(f.awardTitle ? { awardTitle: f.awardTitle } : {}),
    })),
    dates: [{ date: releaseDay(r), dateType: 'Issued' }],
    alternateIdentifiers: [{ alternateIdentifier: r.landingUrl, alternateIdentifierType: 'URL' }],
    relatedIdentifiers: c.relatedPublications.map((p) => ({
      relatedIdentifier: p.doi,
      relatedIdentifierType: 'DOI',
      relationType: p.relation,
    })),
    sizes: r.files.map((f) => `${f.bytes} bytes`),
    formats,
    version: String(r.version),
    rightsList: c.licence
      ? [
          {
            rights: c.licence,
            rightsUri: spdxUrl(c.licence),
            rightsIdentifier: c.licence,
            rightsIdentifierScheme: 'SPDX',
            schemeUri: 'https://spdx.org/licenses/',
          },
        ]
      : [],
    descriptions: r.description.trim() ? [{ description: r.description, descriptionType: 'Abstract' }] : [],
    url: r.landingUrl,
    schemaVersion: DATACITE_NAMESPACE,
  };
  return { data: { type: 'dois', attributes } };
}
