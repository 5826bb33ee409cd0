import { createHash } from 'node:crypto';
import { normaliseName } from '../tabular/header-columns.ts';

/**
 * What makes two files "the same layout" for a saved column mapping: their column names, in order,
 * compared as header look-ups compare them (trimmed, unquoted, single-spaced, lower case). A hash
 * keeps the stored key short and indexable whatever the header's length.
 */
export function headerSignature(names: readonly string[]): string {
  return createHash('sha256').update(names.map(normaliseName).join('\u001f')).digest('hex');
}
