import {
  type AccountView,
  accountViewOf,
  decideModelPerm,
  type Decision,
  mayChangeGroupPerms,
  mayChangeMemberships,
  mayCreateGroup,
  mayDeleteGroup,
  mayRenameGroup,
} from '@batterydb/authz';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { loadAccount, loadGroup, ROLE_NAMES } from '../../../accounts/admin-call.ts';
import { findGroups } from '../../../accounts/find-accounts.ts';
import { findUsers, userSearchContext } from '../../../accounts/find-users.ts';
import {
  createGroupAs,
  deleteGroupAs,
  renameGroupAs,
  setGroupPermissionsAs,
} from '../../../accounts/manage-groups.ts';
import { changeAccountGroups } from '../../../accounts/manage-memberships.ts';
import type { Kysely } from 'kysely';
import type { AppAuthz } from '../../../authz/create-app-authz.ts';
import type { Database } from '../../../db/schema.ts';
import { roles } from '../../../authz/roles.ts';
import { signedIn } from '../../../server/auth/request-auth.ts';
import { callOf } from '../../../server/routes/admin/call-of.ts';
import { closed, CursorString, IdParams, toId } from '../../../server/schemas/common.ts';
import { formFailure, FormInputError } from '../../forms/form-errors.ts';
import { formBody, FormText } from '../../forms/form-schema.ts';
import { setFlash } from '../../layout/flash.ts';
import { pageContext } from '../../page-context.ts';
import { sendPage, seeOther } from '../../render.ts';
import { listOf, ticked } from '../admin-request.ts';
import { denial } from '../admin-words.ts';
import {
  GroupDetailPage,
  type GroupPageData,
  type GroupPageFailure,
  type GroupSection,
} from '../pages/group-detail.tsx';
import { GroupListPage } from '../pages/group-list.tsx';

type Params = { Params: { id: string } };
const PAGE_SIZE = 50;
const NameBody = formBody({ name: FormText(300) });
const DeleteBody = formBody({ confirm: FormText(10) });
const PermissionsBody = formBody({
  permissions: Type.Optional(
    Type.Union([
      Type.String({ maxLength: 201 }),
      Type.Array(Type.String({ maxLength: 201 }), { maxItems: 1000 }),
    ]),
  ),
});
const RemoveBody = formBody({ userId: FormText(12) });
const Cursor = closed({ after: Type.Optional(CursorString) });

/** Nobody in particular: what joining this group would give anyone, decided for the group alone. */
const ANYONE: AccountView = {
  id: 0,
  isActive: true,
  isStaff: false,
  isSuperuser: false,
  permissions: new Set(),
  groupIds: new Set(),
};

/**
 * A decision that may depend on what a user or group holds on objects (SPEC §4): decided first
 * without those holdings, and only when that allows it (for a non-superuser) again with them,
 * found in SQL — so a superuser's page, and a refusal already certain, cost no holdings query.
 */
async function withHoldings<V extends { objectHoldingActorLacks?: string | undefined }>(
  actor: AccountView,
  view: V,
  holdings: () => Promise<string | undefined>,
  decide: (view: V) => Decision,
): Promise<Decision> {
  const first = decide(view);
  if (!first.allowed || actor.isSuperuser) return first;
  return decide({ ...view, objectHoldingActorLacks: await holdings() });
}

async function groupPage(
  authz: AppAuthz,
  db: Kysely<Database>,
  request: FastifyRequest<Params & { Querystring: { after?: string } }>,
): Promise<GroupPageData> {
  const id = toId(request.params.id, 'id');
  const viewer = signedIn(request);
  const actor = accountViewOf(viewer);
  const group = await loadGroup(authz, id);
  const role = roles.find((r) => r.name === group.name) ?? null;
  const groupHoldings = () => authz.objectHoldingActorLacks(actor.id, { group: id });
  const [rename, del, addMembers] = [
    await withHoldings(actor, group, groupHoldings, (g) => mayRenameGroup(actor, g, g.name, ROLE_NAMES)),
    await withHoldings(actor, group, groupHoldings, (g) => mayDeleteGroup(actor, g, ROLE_NAMES)),
    await withHoldings(actor, group, groupHoldings, (g) =>
      mayChangeMemberships(actor, ANYONE, { add: [g], remove: [] }),
    ),
  ];
  const memberCount = (await authz.memberIdsOf(id)).length;
  const mayList = decideModelPerm(viewer, 'auth.view_user');
  const { after } = request.query;
  const page = mayList
    ? await findUsers(
        db,
        { groupId: id, sort: 'username', limit: PAGE_SIZE, ...(after ? { after } : {}) },
        userSearchContext(authz),
      )
    : null;
  const members = page
    ? await Promise.all(
        page.items.map(async (user) => {
          const target = await loadAccount(authz, user.id);
          const remove = await withHoldings(
            actor,
            target,
            () => authz.objectHoldingActorLacks(actor.id, { user: user.id }),
            (t) => mayChangeMemberships(actor, t, { add: [], remove: [group] }),
          );
          return { user, remove };
        }),
      )
    : null;
  const href = (cursor: string | null) =>
    cursor ? `/admin/groups/${id}?after=${cursor}` : `/admin/groups/${id}`;
  return {
    group,
    role: role ? { description: role.description ?? '' } : null,
    permissions: [...group.permissions].sort(),
    catalogue: authz.registry.permissions.map((p) => ({
      perm: `${p.app}.${p.codename}`,
      model: `${p.app}.${p.model}`,
      name: p.name,
    })),
    memberCount,
    rename,
    delete: del,
    changePermissions: mayChangeGroupPerms(actor),
    addMembers,
    members,
    membersDenied: mayList ? null : 'listing members also needs auth.view_user',
    nextHref: page?.nextCursor ? href(page.nextCursor) : null,
    firstHref: after ? href(null) : null,
  };
}

/**
 * Groups and roles: the list with member counts, a new group, and one group's page (rename,
 * delete, permissions — superusers, never a declared role's — and members). Every form calls
 * the admin operation of its API route (`createGroupAs`, `renameGroupAs`, `deleteGroupAs`,
 * `setGroupPermissionsAs`, `changeAccountGroups`); the page's controls are the policy's answers.
 */
export function groupRoutes(app: FastifyInstance): void {
  const { authz, connection } = app.batterydb;
  const db = connection.db;
  const access = (
    permission:
      'auth.view_group' | 'auth.add_group' | 'auth.change_group' | 'auth.delete_group' | 'auth.change_user',
  ) => ({ access: { kind: 'staff', permission } }) as const;

  const showList = async (
    request: FastifyRequest<{ Querystring: { after?: string } }>,
    reply: FastifyReply,
    name = '',
    failure: ReturnType<typeof formFailure> | null = null,
  ) => {
    const { after } = request.query;
    const page = await findGroups(db, { limit: PAGE_SIZE, ...(after ? { after } : {}) });
    return sendPage(
      reply,
      <GroupListPage
        ctx={pageContext(request, reply)}
        groups={page.items}
        roles={ROLE_NAMES}
        createDenied={denial(mayCreateGroup(accountViewOf(signedIn(request)), 'a new group', ROLE_NAMES))}
        name={name}
        failure={failure}
        nextHref={page.nextCursor ? `/admin/groups?after=${page.nextCursor}` : null}
        firstHref={after ? '/admin/groups' : null}
      />,
      failure?.status ?? 200,
    );
  };

  app.get<{ Querystring: { after?: string } }>(
    '/admin/groups',
    { config: access('auth.view_group'), schema: { querystring: Cursor } },
    (request, reply) => showList(request, reply),
  );

  app.post<{ Body: { name?: string }; Querystring: { after?: string } }>(
    '/admin/groups',
    { config: access('auth.add_group'), schema: { body: NameBody } },
    async (request, reply) => {
      const name = request.body.name ?? '';
      try {
        const group = await createGroupAs(callOf(request), name);
        setFlash(reply, { kind: 'ok', text: `Group “${group.name}” created.` });
        return seeOther(reply, `/admin/groups/${group.id}`);
      } catch (error) {
        return showList(request, reply, name, formFailure(error, ['name'], { name: 'Name' }));
      }
    },
  );

  const show = async (
    request: FastifyRequest<Params & { Querystring: { after?: string } }>,
    reply: FastifyReply,
    failure: GroupPageFailure | null,
  ) =>
    sendPage(
      reply,
      <GroupDetailPage
        ctx={pageContext(request, reply)}
        d={await groupPage(authz, db, request)}
        failure={failure}
      />,
      failure?.status ?? 200,
    );

  app.get<Params & { Querystring: { after?: string } }>(
    '/admin/groups/:id',
    { config: access('auth.view_group'), schema: { params: IdParams, querystring: Cursor } },
    (request, reply) => show(request, reply, null),
  );

  /** One form's operation: 303 back with a flash (or to `done`'s path), or the page with the refusal. */
  const handle = async (
    request: FastifyRequest<Params & { Querystring: { after?: string } }>,
    reply: FastifyReply,
    section: GroupSection,
    fields: readonly string[],
    run: (id: number) => Promise<{ text: string; to?: string }>,
    value?: string,
  ) => {
    const id = toId(request.params.id, 'id');
    try {
      const done = await run(id);
      setFlash(reply, { kind: 'ok', text: done.text });
      return seeOther(reply, done.to ?? `/admin/groups/${id}`);
    } catch (error) {
      const failure = formFailure(error, fields, { name: 'Name' });
      return show(request, reply, { ...failure, section, ...(value === undefined ? {} : { value }) });
    }
  };

  app.post<Params & { Body: { name?: string }; Querystring: { after?: string } }>(
    '/admin/groups/:id/rename',
    { config: access('auth.change_group'), schema: { params: IdParams, body: NameBody } },
    (request, reply) =>
      handle(
        request,
        reply,
        'rename',
        ['name'],
        async (id) => ({
          text: `Renamed to “${(await renameGroupAs(callOf(request), id, request.body.name ?? '')).name}”.`,
        }),
        request.body.name ?? '',
      ),
  );

  app.post<Params & { Body: { confirm?: string }; Querystring: { after?: string } }>(
    '/admin/groups/:id/delete',
    { config: access('auth.delete_group'), schema: { params: IdParams, body: DeleteBody } },
    (request, reply) =>
      handle(request, reply, 'delete', [], async (id) => {
        if (!ticked(request.body.confirm))
          throw new FormInputError('confirm', 'tick the box to confirm the deletion');
        await deleteGroupAs(callOf(request), id);
        return { text: 'Group deleted.', to: '/admin/groups' };
      }),
  );

  app.post<Params & { Body: { permissions?: string | string[] }; Querystring: { after?: string } }>(
    '/admin/groups/:id/permissions',
    { config: access('auth.change_group'), schema: { params: IdParams, body: PermissionsBody } },
    (request, reply) =>
      handle(request, reply, 'permissions', [], async (id) => {
        await setGroupPermissionsAs(callOf(request), id, listOf(request.body.permissions));
        return { text: 'Permissions saved.' };
      }),
  );

  app.post<Params & { Body: { name?: string }; Querystring: { after?: string } }>(
    '/admin/groups/:id/members',
    { config: access('auth.change_user'), schema: { params: IdParams, body: NameBody } },
    (request, reply) => {
      const name = (request.body.name ?? '').trim();
      return handle(
        request,
        reply,
        'members',
        ['name'],
        async (id) => {
          const user = name === '' ? null : await authz.findUserByUsername(name);
          if (!user)
            throw new FormInputError(
              'name',
              name === '' ? 'type a username' : `there is no user named “${name}”`,
            );
          await changeAccountGroups(callOf(request), user.id, { add: [id], remove: [] }, 'group');
          return { text: `${user.username} added.` };
        },
        name,
      );
    },
  );

  app.post<Params & { Body: { userId?: string }; Querystring: { after?: string } }>(
    '/admin/groups/:id/members/remove',
    { config: access('auth.change_user'), schema: { params: IdParams, body: RemoveBody } },
    (request, reply) =>
      handle(request, reply, 'members', [], async (id) => {
        const userId = toId(request.body.userId ?? '', 'userId');
        await changeAccountGroups(callOf(request), userId, { add: [], remove: [id] }, 'group');
        const user = await authz.findUser(userId);
        return { text: `${user?.username ?? 'The user'} removed.` };
      }),
  );
}
