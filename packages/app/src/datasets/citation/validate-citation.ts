import { AuthzError } from '@batterydb/authz';
import { FieldChecks, type FieldProblem } from '../../validation/invalid-fields.ts';
import {
  type CitationMetadata,
  type Creator,
  type Funding,
  RELATION_TYPES,
  type RelatedPublication,
  type RelationType,
} from './citation-metadata.ts';
import { normaliseDoi } from './doi.ts';
import { normaliseOrcid } from './orcid.ts';
import { spdxId } from './spdx.ts';

const LIMITS = { creators: 100, relatedPublications: 50, funding: 30, keywords: 50 } as const;

const bad = (path: string, message: string) => new AuthzError('INVALID_INPUT', message, path);

function record(path: string, value: unknown, keys: readonly string[], checks: FieldChecks) {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw bad(path, `${path} must be an object`);
  const input = value as Record<string, unknown>;
  // No mass assignment inside the citation either: an unknown key is named with its path.
  for (const key of Object.keys(input))
    if (!keys.includes(key))
      checks.check(() => {
        throw bad(`${path}.${key}`, `${path} has an unknown field "${key}"`);
      });
  return input;
}

function text(path: string, value: unknown, max: number, required = false): string {
  if (value === undefined || value === null) {
    if (required) throw bad(path, `${path} is required`);
    return '';
  }
  if (typeof value !== 'string') throw bad(path, `${path} must be a string`);
  const trimmed = value.trim();
  if (required && trimmed === '') throw bad(path, `${path} must not be empty`);
  if (trimmed.length > max) throw bad(path, `${path} must be at most ${max} characters`);
  return trimmed;
}

function list<T>(
  path: string,
  value: unknown,
  max: number,
  checks: FieldChecks,
  item: (path: string, value: unknown) => T,
): T[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw bad(path, `${path} must be a list`);
  if (value.length > max) throw bad(path, `${path} must have at most ${max} entries`);
  const out: T[] = [];
  value.forEach((v: unknown, i) => {
    const parsed = checks.check(() => item(`${path}[${i}]`, v));
    if (parsed !== undefined) out.push(parsed);
  });
  return out;
}

function orcid(path: string, value: unknown): string | null {
  const typed = text(path, value, 60);
  if (typed === '') return null;
  const id = normaliseOrcid(typed);
  if (id === null)
    throw bad(
      path,
      `${path} "${typed}" is not a valid ORCID iD (16 digits such as 0000-0002-1825-0097; the last is a check digit)`,
    );
  return id;
}

export function doi(path: string, value: unknown): string | null {
  const typed = text(path, value, 320);
  if (typed === '') return null;
  const normal = normaliseDoi(typed);
  if (normal === null)
    throw bad(path, `${path} "${typed}" is not a DOI (10.NNNN/… or https://doi.org/10.NNNN/…)`);
  return normal;
}

function licence(path: string, value: unknown): string | null {
  const typed = text(path, value, 100);
  if (typed === '') return null;
  const id = spdxId(typed);
  if (id === null)
    throw bad(path, `${path} "${typed}" is not an SPDX licence id (e.g. CC-BY-4.0, CC0-1.0, MIT)`);
  return id;
}

function creator(path: string, value: unknown, checks: FieldChecks): Creator {
  const input = record(path, value, ['name', 'orcid', 'affiliation'], checks);
  const name = checks.check(() => text(`${path}.name`, input.name, 300, true));
  const id = checks.check(() => orcid(`${path}.orcid`, input.orcid));
  const affiliation = checks.check(() => text(`${path}.affiliation`, input.affiliation, 300));
  return { name: name ?? '', orcid: id ?? null, affiliation: affiliation ?? '' };
}

function publication(path: string, value: unknown, checks: FieldChecks): RelatedPublication {
  const input = record(path, value, ['doi', 'relation'], checks);
  const id = checks.check(() => {
    const d = doi(`${path}.doi`, input.doi);
    if (d === null) throw bad(`${path}.doi`, `${path}.doi is required`);
    return d;
  });
  const relation = checks.check(() => {
    const r = input.relation ?? 'IsSupplementTo';
    if (!RELATION_TYPES.includes(r as RelationType))
      throw bad(`${path}.relation`, `${path}.relation must be one of ${RELATION_TYPES.join(', ')}`);
    return r as RelationType;
  });
  return { doi: id ?? '', relation: relation ?? 'IsSupplementTo' };
}

function funding(path: string, value: unknown, checks: FieldChecks): Funding {
  const input = record(path, value, ['funder', 'awardNumber', 'awardTitle'], checks);
  const funder = checks.check(() => text(`${path}.funder`, input.funder, 300, true));
  const awardNumber = checks.check(() => text(`${path}.awardNumber`, input.awardNumber, 100));
  const awardTitle = checks.check(() => text(`${path}.awardTitle`, input.awardTitle, 500));
  return { funder: funder ?? '', awardNumber: awardNumber ?? '', awardTitle: awardTitle ?? '' };
}

function keyword(path: string, value: unknown): string {
  return text(path, value, 100, true);
}

/**
 * A citation from the API or the form, every invalid field reported together with its path
 * (`citation.creators[1].orcid`), identifiers normalised. Parts left out are empty: the
 * citation is one value, set as a whole.
 */
export function validateCitation(value: unknown, path = 'citation'): CitationMetadata {
  const checks = new FieldChecks();
  const input =
    checks.check(() =>
      record(
        path,
        value,
        ['creators', 'licence', 'relatedPublications', 'funding', 'keywords', 'doi'],
        checks,
      ),
    ) ?? {};
  const part = <T>(name: keyof typeof LIMITS, item: (p: string, v: unknown) => T) =>
    checks.check(() => list(`${path}.${name}`, input[name], LIMITS[name], checks, item)) ?? [];
  const result: CitationMetadata = {
    creators: part('creators', (p, v) => creator(p, v, checks)),
    licence: checks.check(() => licence(`${path}.licence`, input.licence)) ?? null,
    relatedPublications: part('relatedPublications', (p, v) => publication(p, v, checks)),
    funding: part('funding', (p, v) => funding(p, v, checks)),
    keywords: [...new Set(part('keywords', keyword))],
    doi: checks.check(() => doi(`${path}.doi`, input.doi)) ?? null,
  };
  checks.done();
  return result;
}

/**
 * What a citation still lacks before its dataset can be released openly (issue 26: at least one
 * creator, and a licence). Empty when it is ready; for i26a's release action to report.
 */
export function releaseProblems(c: CitationMetadata, path = 'citation'): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (c.creators.length === 0)
    problems.push({ field: `${path}.creators`, message: `${path}.creators needs at least one creator` });
  if (c.licence === null)
    problems.push({ field: `${path}.licence`, message: `${path}.licence is required to release openly` });
  return problems;
}
