import type { FastifyInstance } from 'fastify';
import { HttpProblem } from './problem.ts';

/** Keys that reach an object's prototype when a body is merged into something (prototype pollution). */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The first prototype key, outermost first (iterative: a deeply nested body cannot overflow the stack). */
function forbiddenKey(value: unknown): string | undefined {
  const queue: unknown[] = [value];
  for (let i = 0; i < queue.length; i++) {
    const item = queue[i];
    if (typeof item !== 'object' || item === null) continue;
    for (const [key, child] of Object.entries(item)) {
      if (FORBIDDEN_KEYS.has(key)) return key;
      queue.push(child);
    }
  }
  return undefined;
}

/**
 * Replaces Fastify's JSON parser: the same JSON, but a body holding a prototype key at any
 * depth is refused with 400 naming it (Fastify's own parser refuses it too, without saying
 * which), and an empty body is "no body" rather than an error, so DELETE with a JSON
 * content type and nothing in it works.
 */
export function installJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, raw, done) => {
    const text = raw as string;
    if (text.trim() === '') return done(null, undefined);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return done(
        new HttpProblem('INVALID_JSON', 'the body is not valid JSON', { field: 'body' }),
        undefined,
      );
    }
    // JSON.parse makes `__proto__` an own property (harmless here), but code that merges the
    // body into another object later would not be: refuse it at the door.
    const key = forbiddenKey(body);
    if (key !== undefined)
      return done(
        new HttpProblem('INVALID_INPUT', `the key "${key}" is not allowed`, { field: key }),
        undefined,
      );
    done(null, body);
  });
}

/**
 * A query parameter given twice (`?a=1&a=2`) is ambiguous: refuse it rather than pick one —
 * unless the route declares it a list (`config.repeatable`, e.g. the compare page's checkboxes).
 */
export function installQueryGuard(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    const query = request.query as Record<string, unknown> | undefined;
    const repeatable = request.routeOptions.config?.repeatable ?? [];
    for (const [key, value] of Object.entries(query ?? {})) {
      if (FORBIDDEN_KEYS.has(key))
        return done(new HttpProblem('INVALID_INPUT', `the key "${key}" is not allowed`, { field: key }));
      if (Array.isArray(value) && !repeatable.includes(key))
        return done(new HttpProblem('INVALID_INPUT', `${key} must be given once`, { field: key }));
    }
    done();
  });
}
