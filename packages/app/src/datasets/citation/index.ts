/**
 * Citation metadata and the formats a released dataset is cited in (issue 26 parts 1 and 4).
 * Pure functions of a {@link DatasetRecord}; the landing page and `citationRoutes` serve them.
 */
export {
  type CitationMetadata,
  type Creator,
  emptyCitation,
  isEmptyCitation,
  type Funding,
  personName,
  RELATION_TYPES,
  type RelatedPublication,
  type RelationType,
} from './citation-metadata.ts';
export { type DatasetFile, type DatasetRecord, recordKey } from './dataset-record.ts';
export { doiUrl, normaliseDoi } from './doi.ts';
export { normaliseOrcid, orcidUrl } from './orcid.ts';
export { spdxId, spdxUrl, SUGGESTED_LICENCE } from './spdx.ts';
export { releaseProblems, validateCitation } from './validate-citation.ts';
export { toBibtex } from './bibtex.ts';
export { toRis } from './ris.ts';
export { type CslItem, toCslJson } from './csl-json.ts';
export { formatCitation } from './formatted-citation.ts';
export { toSchemaOrgDataset } from './schema-org.ts';
export { toDataciteXml } from './datacite-xml.ts';
export { toDataciteJson } from './datacite-json.ts';
