/**
 * Issue 26: the DataCite XML against the DataCite Metadata Schema 4.5 and the JSON-LD against
 * schema.org's Dataset as Google's Dataset guidelines read it.
 *
 * The 4.5 XSD itself is not in the repository: no npm package ships it, and the project brings
 * no file in from the internet outside the cycler-formats issue. So this checks what the XSD
 * and the 4.5 documentation (https://datacite-metadata-schema.readthedocs.io/en/4.5/) require:
 * the mandatory properties, the controlled lists (resourceTypeGeneral, relationType,
 * relatedIdentifierType, dateType, descriptionType, nameType), the element names the resource
 * may contain, and the shapes of rights, subjects, funding references and related identifiers.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  type DatasetRecord,
  RELATION_TYPES,
  toDataciteJson,
  toDataciteXml,
  toSchemaOrgDataset,
  validateCitation,
} from '../../src/datasets/citation/index.ts';
import { normaliseOrcid } from '../../src/datasets/citation/orcid.ts';
import { childNamed, childrenNamed, parseXml, type XmlNode } from './support/xml-tree.ts';
import { workedExample } from './support/worked-example.ts';

/** DataCite 4.5 controlled lists (include/datacite-*.xsd of kernel-4.5). */
const RESOURCE_TYPE_GENERAL = new Set(
  'Audiovisual Book BookChapter Collection ComputationalNotebook ConferencePaper ConferenceProceeding DataPaper Dataset Dissertation Event Image Instrument InteractiveResource Journal JournalArticle Model OutputManagementPlan PeerReview PhysicalObject Preprint Report Service Software Sound Standard StudyRegistration Text Workflow Other'.split(
    ' ',
  ),
);
const RELATION_TYPE = new Set(
  'IsCitedBy Cites IsSupplementTo IsSupplementedBy IsContinuedBy Continues IsDescribedBy Describes HasMetadata IsMetadataFor HasVersion IsVersionOf IsNewVersionOf IsPreviousVersionOf IsPartOf HasPart IsPublishedIn IsReferencedBy References IsDocumentedBy Documents IsCompiledBy Compiles IsVariantFormOf IsOriginalFormOf IsIdenticalTo IsReviewedBy Reviews IsDerivedFrom IsSourceOf IsRequiredBy Requires IsObsoletedBy Obsoletes IsCollectedBy Collects'.split(
    ' ',
  ),
);
const RELATED_IDENTIFIER_TYPE = new Set(
  'ARK arXiv bibcode CSTR DOI EAN13 EISSN Handle IGSN ISBN ISSN ISTC LISSN LSID PMID PURL RRID UPC URL URN w3id'.split(
    ' ',
  ),
);
const DATE_TYPE = new Set(
  'Accepted Available Copyrighted Collected Coverage Created Issued Submitted Updated Valid Withdrawn Other'.split(
    ' ',
  ),
);
const DESCRIPTION_TYPE = new Set(
  'Abstract Methods SeriesInformation TableOfContents TechnicalInfo Other'.split(' '),
);
/** The resource's children in kernel-4.5 (an xs:all: each at most once). */
const RESOURCE_CHILDREN = new Set(
  'identifier creators titles publisher publicationYear resourceType subjects contributors dates language alternateIdentifiers relatedIdentifiers sizes formats version rightsList descriptions geoLocations fundingReferences relatedItems'.split(
    ' ',
  ),
);
const DOI = /^10\.\d{4,9}(\.\d+)*\/\S+$/;
const URI = /^https?:\/\/\S+$/;

const nonEmpty = (node: XmlNode | undefined, what: string) => {
  assert.ok(node, `${what} is present`);
  assert.ok(node.text.trim() !== '', `${what} is not empty`);
};

/** Every rule above, on one document; `doi` says whether the record has one. */
function assertDatacite45(xml: string, hasDoi: boolean) {
  const root = parseXml(xml);
  assert.equal(root.name, 'resource');
  assert.equal(root.uri, 'http://datacite.org/schema/kernel-4');
  assert.match(root.attributes['xsi:schemaLocation']!, /kernel-4\.5\/metadata\.xsd$/);
  const names = root.children.map((c) => c.name);
  for (const n of names) assert.ok(RESOURCE_CHILDREN.has(n), `<${n}> is a 4.5 resource property`);
  assert.equal(new Set(names).size, names.length, 'each property at most once (xs:all)');
  for (const c of root.children) assert.equal(c.uri, 'http://datacite.org/schema/kernel-4');

  // Mandatory: identifier (when known), creators, titles, publisher, publicationYear, resourceType.
  const identifier = childNamed(root, 'identifier');
  if (hasDoi) {
    nonEmpty(identifier, 'identifier');
    assert.equal(identifier!.attributes.identifierType, 'DOI');
    assert.match(identifier!.text, DOI);
  } else assert.equal(identifier, undefined);
  const creators = childrenNamed(childNamed(root, 'creators')!, 'creator');
  assert.ok(creators.length >= 1, 'at least one creator');
  for (const c of creators) {
    const creatorName = childNamed(c, 'creatorName');
    nonEmpty(creatorName, 'creatorName');
    assert.ok(['Personal', 'Organizational'].includes(creatorName!.attributes.nameType!));
    for (const id of childrenNamed(c, 'nameIdentifier')) {
      assert.equal(id.attributes.nameIdentifierScheme, 'ORCID');
      assert.match(id.attributes.schemeURI!, URI);
      assert.ok(normaliseOrcid(id.text) !== null && id.text.startsWith('https://orcid.org/'));
    }
    for (const a of childrenNamed(c, 'affiliation')) nonEmpty(a, 'affiliation');
  }
  nonEmpty(childNamed(childNamed(root, 'titles')!, 'title'), 'title');
  nonEmpty(childNamed(root, 'publisher'), 'publisher');
  assert.match(childNamed(root, 'publicationYear')!.text, /^\d{4}$/);
  const resourceType = childNamed(root, 'resourceType')!;
  assert.ok(RESOURCE_TYPE_GENERAL.has(resourceType.attributes.resourceTypeGeneral!));
  assert.equal(resourceType.attributes.resourceTypeGeneral, 'Dataset');

  // Recommended and optional properties, where present, in their shapes.
  const wrapper = (name: string, child: string) => {
    const node = childNamed(root, name);
    if (!node) return [];
    assert.ok(node.children.length >= 1, `<${name}> has children`);
    for (const c of node.children) assert.equal(c.name, child);
    return node.children;
  };
  for (const s of wrapper('subjects', 'subject')) nonEmpty(s, 'subject');
  for (const f of wrapper('fundingReferences', 'fundingReference')) {
    nonEmpty(childNamed(f, 'funderName'), 'funderName');
    for (const c of f.children)
      assert.ok(['funderName', 'funderIdentifier', 'awardNumber', 'awardTitle'].includes(c.name));
  }
  for (const d of wrapper('dates', 'date')) {
    assert.ok(DATE_TYPE.has(d.attributes.dateType!));
    assert.match(d.text, /^\d{4}-\d{2}-\d{2}$/);
  }
  for (const a of wrapper('alternateIdentifiers', 'alternateIdentifier')) {
    nonEmpty(a, 'alternateIdentifier');
    assert.ok(a.attributes.alternateIdentifierType);
  }
  for (const r of wrapper('relatedIdentifiers', 'relatedIdentifier')) {
    assert.ok(RELATED_IDENTIFIER_TYPE.has(r.attributes.relatedIdentifierType!));
    assert.ok(RELATION_TYPE.has(r.attributes.relationType!), r.attributes.relationType);
    if (r.attributes.relatedIdentifierType === 'DOI') assert.match(r.text, DOI);
  }
  for (const s of wrapper('sizes', 'size')) nonEmpty(s, 'size');
  for (const f of wrapper('formats', 'format')) nonEmpty(f, 'format');
  for (const r of wrapper('rightsList', 'rights')) {
    assert.match(r.attributes.rightsURI!, URI);
    assert.equal(r.attributes.rightsIdentifierScheme, 'SPDX');
    assert.match(r.attributes.schemeURI!, URI);
  }
  for (const d of wrapper('descriptions', 'description')) {
    assert.ok(DESCRIPTION_TYPE.has(d.attributes.descriptionType!));
    nonEmpty(d, 'description');
  }
  const version = childNamed(root, 'version');
  if (version) nonEmpty(version, 'version');
}

/** A minimal record: one creator, no optional parts. */
function minimal(doi: string | null): DatasetRecord {
  const r = workedExample();
  r.description = '';
  r.files = [];
  r.materials = {};
  r.citation = validateCitation({ creators: [{ name: 'Marie Curie' }], doi });
  return r;
}

/** Valid citations of every shape the validator accepts. */
const citations = fc
  .record({
    creators: fc.array(
      fc.record({
        name: fc
          .string({ minLength: 1, maxLength: 20 })
          .filter((s) => s.trim() !== '' && !s.trim().startsWith(',')),
        orcid: fc.constantFrom('', '0000-0002-1825-0097', '0000-0002-1694-233X'),
        affiliation: fc.string({ maxLength: 20 }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    licence: fc.constantFrom('', 'CC-BY-4.0', 'CC0-1.0', 'ODbL-1.0'),
    relatedPublications: fc.array(
      fc.record({
        doi: fc.constantFrom('10.1149/1945-7111/ab1234', '10.5281/zenodo.1'),
        relation: fc.constantFrom(...RELATION_TYPES),
      }),
      { maxLength: 3 },
    ),
    funding: fc.array(
      fc.record({
        funder: fc.constant('ERC'),
        awardNumber: fc.string({ maxLength: 8 }),
        awardTitle: fc.string({ maxLength: 8 }),
      }),
      { maxLength: 2 },
    ),
    keywords: fc.array(
      fc.string({ minLength: 1, maxLength: 10 }).filter((s) => s.trim() !== ''),
      { maxLength: 3 },
    ),
    doi: fc.constantFrom('', '10.5281/zenodo.42'),
  })
  .map((input) => validateCitation(input));

describe('DataCite Metadata Schema 4.5', () => {
  test('the worked example has every mandatory property, in its shape', () =>
    assertDatacite45(toDataciteXml(workedExample()), true));
  test('a minimal record too; without a DOI the identifier is left for the registration', () => {
    assertDatacite45(toDataciteXml(minimal('10.5281/zenodo.7')), true);
    assertDatacite45(toDataciteXml(minimal(null)), false);
  });
  test('every valid citation makes a valid record (property)', () => {
    fc.assert(
      fc.property(citations, (citation) => {
        const r = workedExample();
        r.citation = citation;
        assertDatacite45(toDataciteXml(r), citation.doi !== null);
      }),
      { numRuns: 200 },
    );
  });
  test('the REST API JSON carries the same properties as the XML', () => {
    const r = workedExample();
    const json = toDataciteJson(r).data.attributes;
    const root = parseXml(toDataciteXml(r));
    assert.equal(json.doi, childNamed(root, 'identifier')!.text);
    assert.deepEqual(
      (json.creators as { name: string }[]).map((c) => c.name),
      childrenNamed(childNamed(root, 'creators')!, 'creator').map((c) => childNamed(c, 'creatorName')!.text),
    );
    assert.equal(json.publicationYear, Number(childNamed(root, 'publicationYear')!.text));
    assert.deepEqual(json.types, {
      resourceTypeGeneral: 'Dataset',
      resourceType: childNamed(root, 'resourceType')!.text,
    });
  });
});

/** schema.org Dataset properties (Dataset, CreativeWork, Thing) this record may use. */
const DATASET_PROPERTIES = new Set([
  '@context',
  '@type',
  '@id',
  'name',
  'description',
  'url',
  'identifier',
  'version',
  'datePublished',
  'isAccessibleForFree',
  'creator',
  'publisher',
  'license',
  'keywords',
  'citation',
  'funding',
  'distribution',
]);

function assertGoogleDataset(ld: Record<string, unknown>, r: DatasetRecord) {
  for (const key of Object.keys(ld)) assert.ok(DATASET_PROPERTIES.has(key), `${key} is a Dataset property`);
  assert.equal(ld['@context'], 'https://schema.org');
  assert.equal(ld['@type'], 'Dataset');
  // Required by Google: name and a description of 50 to 5000 characters.
  assert.equal(typeof ld.name, 'string');
  assert.ok((ld.name as string).length > 0);
  const description = [...(ld.description as string)].length;
  assert.ok(description >= 50 && description <= 5000, `description of ${description} characters`);
  // Recommended.
  assert.match(ld.url as string, URI);
  assert.match(ld.identifier as string, URI);
  assert.equal(ld.version, String(r.version));
  assert.match(ld.datePublished as string, /^\d{4}-\d{2}-\d{2}$/);
  assert.ok(Array.isArray(ld.keywords));
  for (const k of ld.keywords as unknown[]) assert.ok(typeof k === 'string' && k !== '');
  const creators = ld.creator as Record<string, unknown>[];
  assert.equal(creators.length, r.citation.creators.length);
  for (const [i, c] of creators.entries()) {
    assert.equal(c['@type'], 'Person');
    assert.equal(c.name, r.citation.creators[i]!.name);
    const orcid = r.citation.creators[i]!.orcid;
    if (orcid) {
      assert.equal(c['@id'], `https://orcid.org/${orcid}`);
      assert.equal(c.identifier, `https://orcid.org/${orcid}`);
    }
  }
  if (r.citation.licence) assert.equal(ld.license, `https://spdx.org/licenses/${r.citation.licence}.html`);
  const distribution = ld.distribution as Record<string, unknown>[];
  assert.equal(distribution.length, r.files.length);
  for (const d of distribution) {
    assert.equal(d['@type'], 'DataDownload');
    assert.match(d.contentUrl as string, URI);
    assert.ok(typeof d.encodingFormat === 'string' && d.encodingFormat !== '');
  }
}

describe("schema.org Dataset (Google's Dataset guidelines)", () => {
  test('the worked example', () => assertGoogleDataset(toSchemaOrgDataset(workedExample()), workedExample()));
  test('every valid citation, any description length (property)', () => {
    fc.assert(
      fc.property(citations, fc.string({ maxLength: 6000 }), (citation, description) => {
        const r = workedExample();
        r.citation = citation;
        r.description = description;
        assertGoogleDataset(toSchemaOrgDataset(r), r);
      }),
      { numRuns: 200 },
    );
  });
});
