import { type DatasetRecord, emptyCitation } from './citation/index.ts';
import type { DatasetVersion } from './dataset-versions.ts';

/** What a citation of one version needs besides the version: where it lives, its licence, who publishes. */
export interface CitationContext {
  experimentId: number;
  /** The landing page's absolute URL (`/datasets/:id/v/:n` on this site). */
  url: string;
  /** The licence the experiment was released under (the release decides, not the draft's metadata). */
  licence: string | null;
  publisher: string;
}

/**
 * The citation formats' view of a frozen version (issue 26). Everything comes from the version's
 * snapshot, so a citation never changes once released. Creators are the ones the snapshot froze;
 * a version frozen without any names the experiment's owner, as the basic citation did — a
 * dataset always has an author to cite.
 */
export function versionRecord(version: DatasetVersion, cite: CitationContext): DatasetRecord {
  const e = version.snapshot.experiment;
  const citation = { ...emptyCitation(), ...e.citation };
  const creators =
    citation.creators.length > 0 ? citation.creators : [{ name: e.creator, orcid: null, affiliation: '' }];
  return {
    experimentId: cite.experimentId,
    version: version.n,
    title: e.title,
    description: e.description,
    citation: { ...citation, creators, licence: cite.licence ?? citation.licence },
    publisher: cite.publisher,
    releasedAt: version.releasedAt,
    landingUrl: cite.url,
    files: version.snapshot.files.map((f) => ({
      name: f.name,
      sha256: f.sha256,
      bytes: f.bytes,
      format: f.format,
      downloadUrl: `${cite.url}/files/${f.index}`,
    })),
    materials: {
      ...(e.cathodeMaterial ? { cathode: e.cathodeMaterial } : {}),
      ...(e.anodeMaterial ? { anode: e.anodeMaterial } : {}),
      ...(e.chemistry ? { chemistry: e.chemistry } : {}),
    },
  };
}
