import { personName } from './citation-metadata.ts';
import { type DatasetRecord, recordKeywords, releaseDay } from './dataset-record.ts';
import { orcidUrl } from './orcid.ts';
import { spdxUrl } from './spdx.ts';
import { xmlAttribute as attr, xmlText as text } from './xml-text.ts';

/** DataCite Metadata Schema 4.5 (https://schema.datacite.org/meta/kernel-4.5/). */
export const DATACITE_NAMESPACE = 'http://datacite.org/schema/kernel-4';
export const DATACITE_SCHEMA_LOCATION = 'https://schema.datacite.org/meta/kernel-4.5/metadata.xsd';
/** The free-text resource type beside `resourceTypeGeneral="Dataset"`. */
export const RESOURCE_TYPE = 'Battery cycling data';

const element = (name: string, value: string, attributes: Record<string, string> = {}) =>
  `<${name}${Object.entries(attributes)
    .map(([k, v]) => ` ${k}="${attr(v)}"`)
    .join('')}>${text(value)}</${name}>`;

/** A wrapper element around its items, left out when there are none (the schema wants ≥ 1 child). */
const group = (name: string, items: string[]) =>
  items.length ? `  <${name}>\n${items.map((i) => `    ${i}\n`).join('')}  </${name}>` : null;

function creator(p: DatasetRecord['citation']['creators'][number]): string {
  const { family, given } = personName(p.name);
  const parts = [
    element('creatorName', given ? `${family}, ${given}` : family, { nameType: 'Personal' }),
    given ? element('givenName', given) : '',
    element('familyName', family),
    p.orcid
      ? element('nameIdentifier', orcidUrl(p.orcid), {
          nameIdentifierScheme: 'ORCID',
          schemeURI: 'https://orcid.org',
        })
      : '',
    p.affiliation ? element('affiliation', p.affiliation) : '',
  ];
  return `<creator>${parts.join('')}</creator>`;
}

/**
 * The DataCite 4.5 XML a DOI registration sends. Mandatory: identifier (when the DOI is known —
 * without one, DataCite's API assigns it at registration), creators, titles, publisher,
 * publicationYear, resourceType. The resource's children are an `xs:all`, so order is free;
 * they follow the schema's documentation order for people reading it.
 */
export function toDataciteXml(r: DatasetRecord): string {
  const c = r.citation;
  const parts = [
    c.doi ? `  ${element('identifier', c.doi, { identifierType: 'DOI' })}` : null,
    group('creators', c.creators.map(creator)),
    group('titles', [element('title', r.title)]),
    `  ${element('publisher', r.publisher)}`,
    `  ${element('publicationYear', String(r.releasedAt.getUTCFullYear()))}`,
    `  ${element('resourceType', RESOURCE_TYPE, { resourceTypeGeneral: 'Dataset' })}`,
    group(
      'subjects',
      recordKeywords(r).map((k) => element('subject', k)),
    ),
    group(
      'fundingReferences',
      c.funding.map(
        (f) =>
          `<fundingReference>${element('funderName', f.funder)}${
            f.awardNumber ? element('awardNumber', f.awardNumber) : ''
          }${f.awardTitle ? element('awardTitle', f.awardTitle) : ''}</fundingReference>`,
      ),
    ),
    group('dates', [element('date', releaseDay(r), { dateType: 'Issued' })]),
    group('alternateIdentifiers', [
      element('alternateIdentifier', r.landingUrl, { alternateIdentifierType: 'URL' }),
    ]),
    group(
      'relatedIdentifiers',
      c.relatedPublications.map((p) =>
        element('relatedIdentifier', p.doi, { relatedIdentifierType: 'DOI', relationType: p.relation }),
      ),
    ),
    group(
      'sizes',
      r.files.map((f) => element('size', `${f.bytes} bytes`)),
    ),
    group(
      'formats',
      [...new Set(r.files.map((f) => f.format))].map((f) => element('format', f)),
    ),
    `  ${element('version', String(r.version))}`,
    c.licence
      ? group('rightsList', [
          element('rights', c.licence, {
            rightsURI: spdxUrl(c.licence),
            rightsIdentifier: c.licence,
            rightsIdentifierScheme: 'SPDX',
            schemeURI: 'https://spdx.org/licenses/',
          }),
        ])
      : null,
    r.description.trim()
      ? group('descriptions', [element('description', r.description, { descriptionType: 'Abstract' })])
      : null,
  ];
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<resource xmlns="${DATACITE_NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"` +
    ` xsi:schemaLocation="${DATACITE_NAMESPACE} ${DATACITE_SCHEMA_LOCATION}">\n` +
    parts.filter((p) => p !== null).join('\n') +
    '\n</resource>\n'
  );
}
