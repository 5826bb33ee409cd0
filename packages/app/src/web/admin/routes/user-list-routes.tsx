import { AuthzError, mayCreateUser } from '@batterydb/authz';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findGroups } from '../../../accounts/find-accounts.ts';
import {
  findUsers,
  groupNamesOf,
  LAST_LOGIN_FILTERS,
  type LastLoginFilter,
  USER_SORTS,
  type UserQuery,
  type UserSort,
  userSearchContext,
} from '../../../accounts/find-users.ts';
import { createAccount } from '../../../accounts/manage-users.ts';
import { callOf } from '../../../server/routes/admin/call-of.ts';
import { closed } from '../../../server/schemas/common.ts';
import { pageLinks, pageSize, type TrailParams, TrailQuery } from '../../layout/page-trail.ts';
import { formFailure, FormInputError } from '../../forms/form-errors.ts';
import { formBody, FormText, given } from '../../forms/form-schema.ts';
import { setFlash } from '../../layout/flash.ts';
import { pageContext } from '../../page-context.ts';
import { sendPage, seeOther } from '../../render.ts';
import { actorView, ticked } from '../admin-request.ts';
import { denial } from '../admin-words.ts';
import { type NewUserValues, UserCreatePage } from '../pages/user-create.tsx';
import { type UserFilters, USER_FILTERS, UserListPage } from '../pages/user-list.tsx';
import { Type } from '@sinclair/typebox';

const PAGE_SIZE = 50;

const ListQuery = closed({
  ...Object.fromEntries(USER_FILTERS.map((name) => [name, Type.Optional(Type.String({ maxLength: 150 }))])),
  ...TrailQuery,
});

const CreateBody = formBody({
  username: FormText(200),
  fullName: FormText(600),
  email: FormText(300),
  password: FormText(1024),
  isStaff: FormText(10),
  isSuperuser: FormText(10),
});
type CreateBody = Partial<
  Record<'username' | 'fullName' | 'email' | 'password' | 'isStaff' | 'isSuperuser', string>
>;

function yesNo(value: string | undefined, field: string): boolean | undefined {
  const text = given(value);
  if (text === undefined) return undefined;
  if (text !== 'yes' && text !== 'no') throw new FormInputError(field, `${field} must be yes or no`);
  return text === 'yes';
}

function oneOf<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  field: string,
): T | undefined {
  const text = given(value);
  if (text === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(text))
    throw new FormInputError(field, `${field} must be one of ${allowed.join(', ')}`);
  return text as T;
}

/** The form's strings as the domain's query (the same `findUsers` as `GET /api/admin/users`). */
function toQuery(filters: UserFilters, trail: TrailParams): UserQuery {
  const query: UserQuery = { limit: pageSize(trail, PAGE_SIZE) };
  const search = given(filters.q);
  if (search !== undefined) query.search = search;
  const flags = { active: 'active', staff: 'staff', superuser: 'superuser', hasGrants: 'hasGrants' } as const;
  for (const [key, field] of Object.entries(flags) as [keyof typeof flags, string][]) {
    const value = yesNo(filters[key], field);
    if (value !== undefined) query[key] = value;
  }
  const group = given(filters.group);
  if (group !== undefined) {
    if (!/^[1-9][0-9]{0,9}$/.test(group))
      throw new FormInputError('group', 'group must be a group of the list');
    query.groupId = Number(group);
  }
  const lastLogin = oneOf<LastLoginFilter>(filters.lastLogin, LAST_LOGIN_FILTERS, 'lastLogin');
  if (lastLogin) query.lastLogin = lastLogin;
  const sort = oneOf<UserSort>(filters.sort, USER_SORTS, 'sort');
  if (sort) query.sort = sort;
  if (trail.cursor !== undefined) query.after = trail.cursor;
  return query;
}

/**
 * `GET /admin/users` (search, filters, sort, pages: `findUsers`, as `GET /api/admin/users`) and
 * adding a user (`createAccount`, as `POST /api/admin/users`: `auth.add_user` and
 * `auth.change_user`, superusers only by superusers, the password policy).
 */
export function userListRoutes(app: FastifyInstance): void {
  const { authz, connection } = app.batterydb;
  const db = connection.db;
  const view = { access: { kind: 'staff', permission: 'auth.view_user' } } as const;
  const add = { access: { kind: 'staff', permission: 'auth.add_user' } } as const;

  app.get<{ Querystring: UserFilters & TrailParams }>(
    '/admin/users',
    { config: view, schema: { querystring: ListQuery } },
    async (request, reply) => {
      const { cursor, back, limit, ...filters } = request.query;
      const trail = { cursor, back, limit };
      const links = (next: string | null) => pageLinks('/admin/users', filters, trail, next, PAGE_SIZE);
      const ctx = pageContext(request, reply);
      const groups = (await findGroups(db, { limit: 100 })).items;
      const addDenied = denial(mayCreateUser(actorView(request), {}));
      const common = { ctx, filters, groups, addDenied };
      try {
        const page = await findUsers(db, toQuery(filters, trail), userSearchContext(authz));
        const names = await groupNamesOf(
          db,
          page.items.map((u) => u.id),
        );
        return sendPage(
          reply,
          <UserListPage
            {...common}
            users={page.items.map((u) => ({ ...u, groups: names.get(u.id) ?? [] }))}
            errors={{}}
            message={null}
            links={links(page.nextCursor)}
          />,
        );
      } catch (error) {
        const failure = formFailure(error, [...USER_FILTERS]);
        return sendPage(
          reply,
          <UserListPage
            {...common}
            users={null}
            errors={failure.fields}
            message={failure.message}
            links={links(null)}
          />,
          failure.status,
        );
      }
    },
  );

  const showCreate = (
    request: FastifyRequest,
    reply: FastifyReply,
    values: NewUserValues,
    failure?: ReturnType<typeof formFailure>,
  ) => {
    const actor = actorView(request);
    return sendPage(
      reply,
      <UserCreatePage
        ctx={pageContext(request, reply)}
        values={values}
        superuserDenied={denial(mayCreateUser(actor, { isSuperuser: true }))}
        errors={failure?.fields ?? {}}
        message={failure?.message ?? null}
      />,
      failure?.status ?? 200,
    );
  };

  app.get('/admin/users/new', { config: add }, (request, reply) => {
    // The API's POST answers 403 with these words to an actor without auth.change_user.
    const decision = mayCreateUser(actorView(request), {});
    if (!decision.allowed) throw new AuthzError('FORBIDDEN', decision.message, decision.field);
    return showCreate(request, reply, { username: '', fullName: '', email: '', isStaff: false });
  });

  app.post<{ Body: CreateBody }>(
    '/admin/users',
    { config: add, schema: { body: CreateBody } },
    async (request, reply) => {
      const body = request.body;
      const values: NewUserValues = {
        username: body.username ?? '',
        fullName: body.fullName ?? '',
        email: body.email ?? '',
        isStaff: ticked(body.isStaff),
        isSuperuser: ticked(body.isSuperuser),
      };
      try {
        const password = body.password ?? '';
        const user = await createAccount(callOf(request), {
          username: values.username.trim(),
          fullName: values.fullName,
          email: values.email.trim(),
          ...(password === '' ? {} : { password }),
          isStaff: values.isStaff,
          // A forged tick reaches the policy, which refuses it for a non-superuser (403, shown).
          ...(values.isSuperuser ? { isSuperuser: true } : {}),
        });
        setFlash(reply, {
          kind: 'ok',
          text: `User ${user.username} created. Choose their groups and permissions below.`,
        });
        return seeOther(reply, `/admin/users/${user.id}`);
      } catch (error) {
        // A field the form did not show (a forged one) is named at the top of the form.
        const shown = mayCreateUser(actorView(request), { isSuperuser: true }).allowed ? ['isSuperuser'] : [];
        return showCreate(
          request,
          reply,
          values,
          formFailure(error, ['username', 'fullName', 'email', 'password', 'isStaff', ...shown], {
            fullName: 'Name',
            email: 'E-mail',
            username: 'Username',
            password: 'Password',
          }),
        );
      }
    },
  );
}
