import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { ROLE_CONTRIBUTOR, ROLE_MAINTAINER, ROLE_READ_ONLY } from '../../../src/authz/roles.ts';
import { createExperiments } from '../../../src/experiments/create-experiments.ts';
import type { Dialect } from '../../../../../test-support/databases.ts';
import { type Browser, makeUser, signIn, testServer } from '../../http/support/server.ts';

export type Who = 'anonymous' | 'reader' | 'owner' | 'contributor' | 'maintainer';
/** Everyone's password here: long, not breached, unlike any of the usernames (the password policy). */
export const PASSWORD = 'Quartz-Lithium-7-Anode';
export const PEOPLE: Exclude<Who, 'anonymous'>[] = ['reader', 'owner', 'contributor', 'maintainer'];

/**
 * A server with one user per kind of caller (signed in through the API, cookie + CSRF token),
 * for the page tests over `app.inject()`.
 */
export async function pageWorld(dialect: Dialect) {
  const s = await testServer(dialect);
  const roles: Record<Exclude<Who, 'anonymous'>, string> = {
    reader: ROLE_READ_ONLY,
    owner: ROLE_CONTRIBUTOR,
    contributor: ROLE_CONTRIBUTOR,
    maintainer: ROLE_MAINTAINER,
  };
  const ids = {} as Record<Exclude<Who, 'anonymous'>, number>;
  const browsers = {} as Record<Exclude<Who, 'anonymous'>, Browser>;
  for (const who of PEOPLE) {
    const user = await makeUser(s.authz, who, { password: PASSWORD });
    await s.authz.addMember((await s.authz.findGroupByName(roles[who]))!.id, user.id);
    ids[who] = user.id;
    browsers[who] = await signIn(s.app, who, PASSWORD);
  }
  /** A GET or form POST as `who` (anonymous: no cookie). Form fields are URL-encoded. */
  const as = (
    who: Who,
    method: 'GET' | 'POST',
    url: string,
    form?: Record<string, string | string[]>,
  ): Promise<LightMyRequestResponse> => {
    const payload = form ? formEncode(form) : undefined;
    const headers = form ? { 'content-type': 'application/x-www-form-urlencoded' } : {};
    if (who === 'anonymous') return s.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
    return browsers[who].request({ method, url, headers, ...(payload ? { payload } : {}) });
  };
  const experiment = async (visibility: 'public' | 'private', fields: Record<string, unknown> = {}) => {
    const [row] = await createExperiments(s.authz, ids.owner, [{ title: `${visibility} cell`, ...fields }]);
    const id = Number(row!.id);
    if (visibility === 'public') await s.authz.experiments.update(sql`id = ${id}`, { status: 'public' });
    return id;
  };
  return { s, ids, browsers, as, experiment, csrf: (who: Exclude<Who, 'anonymous'>) => browsers[who].csrf! };
}

export type PageWorld = Awaited<ReturnType<typeof pageWorld>>;

export function formEncode(form: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(form)) for (const v of [value].flat()) params.append(key, v);
  return params.toString();
}

/** The markup a page must never contain under the strict CSP: inline scripts, style attributes or elements. */
export function inlineCode(html: string): string[] {
  const found: string[] = [];
  for (const m of html.matchAll(/<script\b[^>]*>/gi)) if (!/\bsrc=/.test(m[0])) found.push(m[0]);
  for (const m of html.matchAll(/<[^>]+\sstyle=/gi)) found.push(m[0]);
  for (const m of html.matchAll(/<style\b/gi)) found.push(m[0]);
  for (const m of html.matchAll(/\son[a-z]+=/gi)) found.push(m[0]);
  return found;
}
