import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import type { Perm } from '../../../src/authz/registry.ts';
import { ROLE_CONTRIBUTOR, ROLE_MAINTAINER, ROLE_READ_ONLY } from '../../../src/authz/roles.ts';
import { createExperiments } from '../../../src/experiments/create-experiments.ts';
import type { Dialect } from '../../../../../test-support/databases.ts';
import { type Browser, makeUser, signIn, testServer } from '../../http/support/server.ts';
import { formEncode, PASSWORD } from './page-world.ts';

/**
 * The people of the admin tests: every kind of caller of an admin page, and the accounts they
 * act on. Staff members hold exactly the permissions named; `owner` and `maya` are scientists.
 */
export const ADMIN_PEOPLE = {
  root: { staff: true, superuser: true, perms: [] as Perm[], role: null },
  manager: {
    staff: true,
    superuser: false,
    perms: ['auth.view_user', 'auth.change_user', 'auth.add_user', 'auth.view_group'] as Perm[],
    // Like the readers it manages, it sees public experiments (else a reader holds more: SPEC §4).
    role: ROLE_READ_ONLY,
  },
  viewer: {
    staff: true,
    superuser: false,
    perms: ['auth.view_user', 'auth.view_group'] as Perm[],
    role: null,
  },
  staffer: { staff: true, superuser: false, perms: [] as Perm[], role: null },
  owner: { staff: false, superuser: false, perms: [] as Perm[], role: ROLE_CONTRIBUTOR },
  maya: { staff: false, superuser: false, perms: [] as Perm[], role: ROLE_MAINTAINER },
  reader: { staff: false, superuser: false, perms: [] as Perm[], role: ROLE_READ_ONLY },
} as const;
export type AdminPerson = keyof typeof ADMIN_PEOPLE;
export type Caller = AdminPerson | 'anonymous';
export const CALLERS: Caller[] = ['anonymous', ...(Object.keys(ADMIN_PEOPLE) as AdminPerson[])];

/** A server with the admin people signed in through the API (cookie + CSRF token). */
export async function adminWorld(dialect: Dialect) {
  const s = await testServer(dialect);
  const ids = {} as Record<AdminPerson, number>;
  const browsers = {} as Record<AdminPerson, Browser>;
  for (const [name, p] of Object.entries(ADMIN_PEOPLE) as [
    AdminPerson,
    (typeof ADMIN_PEOPLE)[AdminPerson],
  ][]) {
    const user = await makeUser(s.authz, name, {
      staff: p.staff,
      superuser: p.superuser,
      perms: [...p.perms],
      password: PASSWORD,
    });
    if (p.role) await s.authz.addMember((await s.authz.findGroupByName(p.role))!.id, user.id);
    ids[name] = user.id;
    browsers[name] = await signIn(s.app, name, PASSWORD);
  }
  /** A page request as `who`: a GET, or a form POST carrying `who`'s CSRF token. */
  const page = (
    who: Caller,
    method: 'GET' | 'POST',
    url: string,
    form?: Record<string, string | string[]>,
  ): Promise<LightMyRequestResponse> => {
    if (who === 'anonymous') return s.app.inject({ method, url });
    const body = form ? formEncode({ _csrf: browsers[who].csrf!, ...form }) : undefined;
    return browsers[who].request({
      method,
      url,
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: body }),
    });
  };
  /** An API request as `who` (JSON). */
  const api = (who: Caller, method: string, url: string, payload?: object) =>
    who === 'anonymous'
      ? s.app.inject({ method: method as 'GET', url, ...(payload ? { payload } : {}) })
      : browsers[who].request({ method, url, ...(payload ? { payload } : {}) });
  const experiment = async (visibility: 'public' | 'private', title = `${visibility} cell`) => {
    const [row] = await createExperiments(s.authz, ids.owner, [{ title }]);
    const id = Number(row!.id);
    if (visibility === 'public') await s.authz.experiments.update(sql`id = ${id}`, { status: 'public' });
    return id;
  };
  const groupId = async (name: string) => (await s.authz.findGroupByName(name))!.id;
  return { s, ids, browsers, page, api, experiment, groupId };
}

export type AdminWorld = Awaited<ReturnType<typeof adminWorld>>;

/** The text of the page's <main>, tags removed (what a person reads). */
export function mainText(html: string): string {
  const main = /<main[\s\S]*<\/main>/.exec(html)?.[0] ?? html;
  return main
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}
