import {
  type CitationMetadata,
  isEmptyCitation as isEmpty,
} from '../../datasets/citation/citation-metadata.ts';
import { doiUrl } from '../../datasets/citation/doi.ts';
import { orcidUrl } from '../../datasets/citation/orcid.ts';
import { spdxUrl } from '../../datasets/citation/spdx.ts';

const Doi = ({ doi }: { doi: string }) => <a href={doiUrl(doi)}>{doi}</a>;

/** The experiment page's citation metadata (issue 26), identifiers as the links they resolve to. */
export function CitationSection({
  experimentId,
  citation: c,
  mayChange,
}: {
  experimentId: number;
  citation: CitationMetadata;
  mayChange: boolean;
}) {
  if (isEmpty(c) && !mayChange) return null;
  return (
    <section aria-labelledby="citation-heading">
      <h2 id="citation-heading">Citation</h2>
      {isEmpty(c) ? (
        <p class="muted">
          No citation metadata yet.{' '}
          <a href={`/experiments/${experimentId}/edit#citation`}>Add creators and a licence</a> so the data
          can be cited once released.
        </p>
      ) : (
        <dl class="meta">
          <div class="meta-wide">
            <dt>Creators</dt>
            <dd>
              {c.creators.length ? (
                <ol class="creators">
                  {c.creators.map((p, i) => (
                    <li key={i}>
                      {p.name}
                      {p.orcid ? (
                        <>
                          {' '}
                          <a href={orcidUrl(p.orcid)} aria-label={`ORCID iD of ${p.name}`}>
                            {orcidUrl(p.orcid)}
                          </a>
                        </>
                      ) : null}
                      {p.affiliation ? <span class="muted"> — {p.affiliation}</span> : null}
                    </li>
                  ))}
                </ol>
              ) : (
                <span class="muted">—</span>
              )}
            </dd>
          </div>
          <div>
            <dt>Licence</dt>
            <dd>{c.licence ? <a href={spdxUrl(c.licence)}>{c.licence}</a> : <span class="muted">—</span>}</dd>
          </div>
          <div>
            <dt>DOI</dt>
            <dd>{c.doi ? <Doi doi={c.doi} /> : <span class="muted">—</span>}</dd>
          </div>
          {c.keywords.length ? (
            <div>
              <dt>Keywords</dt>
              <dd>{c.keywords.join(', ')}</dd>
            </div>
          ) : null}
          {c.relatedPublications.length ? (
            <div class="meta-wide">
              <dt>Related publications</dt>
              <dd>
                <ul>
                  {c.relatedPublications.map((p) => (
                    <li key={p.doi}>
                      {p.relation}: <Doi doi={p.doi} />
                    </li>
                  ))}
                </ul>
              </dd>
            </div>
          ) : null}
          {c.funding.length ? (
            <div class="meta-wide">
              <dt>Funding</dt>
              <dd>
                <ul>
                  {c.funding.map((f, i) => (
                    <li key={i}>{[f.funder, f.awardNumber, f.awardTitle].filter(Boolean).join(', ')}</li>
                  ))}
                </ul>
              </dd>
            </div>
          ) : null}
        </dl>
      )}
    </section>
  );
}
