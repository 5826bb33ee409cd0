import type { FastifyError } from 'fastify';
import { HttpProblem } from './problem.ts';

type AjvItem = NonNullable<FastifyError['validation']>[number];

/** `/groups/0` → `groups[0]`; the root of a part is named after the part (`body`, `querystring`). */
function pathToField(path: string, part: string): string {
  const segments = path.split('/').slice(1);
  if (segments.length === 0) return part;
  return segments.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

function fieldOf(item: AjvItem, part: string): string {
  const params = item.params;
  const base = pathToField(item.instancePath, part);
  const child =
    typeof params.missingProperty === 'string'
      ? params.missingProperty
      : typeof params.additionalProperty === 'string'
        ? params.additionalProperty
        : undefined;
  if (child === undefined) return base;
  return base === part ? child : `${base}.${child}`;
}

/** "must be a positive integer" from the schema's description, rather than the regular expression. */
function patternMessage(item: AjvItem): string | undefined {
  if (item.keyword !== 'pattern') return undefined;
  const description = (item as { parentSchema?: { description?: unknown } }).parentSchema?.description;
  return typeof description === 'string' ? `must be ${description}` : undefined;
}

/** A schema violation as 400 INVALID_INPUT naming the field (Ajv stops at the first error). */
export function validationProblem(error: FastifyError): HttpProblem {
  const part = error.validationContext ?? 'body';
  const item = error.validation?.[0];
  if (!item) return new HttpProblem('INVALID_INPUT', error.message, { field: part });
  const field = fieldOf(item, part);
  const detail =
    item.keyword === 'additionalProperties'
      ? `${part} has an unknown field "${field}"`
      : `${field} ${patternMessage(item) ?? item.message ?? 'is invalid'}`;
  return new HttpProblem('INVALID_INPUT', detail, { field });
}
