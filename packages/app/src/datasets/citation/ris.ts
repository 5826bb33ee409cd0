import { personName } from './citation-metadata.ts';
import { type DatasetRecord, recordKeywords, releaseDay } from './dataset-record.ts';
import { doiUrl } from './doi.ts';

/**
 * RIS (the Research Information Systems tagged format): one `TAG  - value` per line, CR LF line
 * ends, `TY` first and `ER` last. A value cannot span lines, so line breaks in a title or
 * description become spaces; nothing else needs escaping.
 */
const line = (tag: string, value: string) => `${tag}  - ${value.replace(/[\r\n\u2028\u2029]+/g, ' ').trim()}`;

export function toRis(r: DatasetRecord): string {
  const c = r.citation;
  const lines = [line('TY', 'DATA')];
  for (const p of c.creators) {
    const { family, given } = personName(p.name);
    lines.push(line('AU', given ? `${family}, ${given}` : family));
  }
  lines.push(line('TI', r.title));
  lines.push(line('PY', String(r.releasedAt.getUTCFullYear())));
  lines.push(line('DA', releaseDay(r).replaceAll('-', '/')));
  lines.push(line('PB', r.publisher));
  lines.push(line('ET', String(r.version)));
  if (r.description.trim()) lines.push(line('AB', r.description));
  for (const k of recordKeywords(r)) lines.push(line('KW', k));
  if (c.doi) lines.push(line('DO', c.doi));
  lines.push(line('UR', c.doi ? doiUrl(c.doi) : r.landingUrl));
  if (c.licence) lines.push(line('N1', `Licence: ${c.licence}`));
  lines.push('ER  - ');
  return lines.join('\r\n') + '\r\n';
}
