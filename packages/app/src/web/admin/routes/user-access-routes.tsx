import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { requireUser } from '../../../accounts/account-controls.ts';
import { adminObjectModels, objectPermissions } from '../../../admin/object-models.ts';
import {
  modelPermissionLines,
  objectsUserMay,
  type ObjectAccessPage,
} from '../../../admin/find-user-access.ts';
import { signedIn } from '../../../server/auth/request-auth.ts';
import { closed, CursorString, IdParams, toId } from '../../../server/schemas/common.ts';
import { formFailure } from '../../forms/form-errors.ts';
import { pageContext } from '../../page-context.ts';
import { sendPage } from '../../render.ts';
import { UserAccessPage } from '../pages/user-access.tsx';
import { AuthzError } from '@batterydb/authz';

const PAGE_SIZE = 25;
const Query = closed({
  model: Type.Optional(Type.String({ maxLength: 50 })),
  perm: Type.Optional(Type.String({ maxLength: 200 })),
  after: Type.Optional(CursorString),
});
type Query = { model?: string; perm?: string; after?: string };

/**
 * `GET /admin/users/:id/access`: what this user can do — their model permissions with each
 * source, and a keyset page of the objects they may `perm` with every decision explained
 * (the kit's `explain`), limited to objects the viewer may view. Needs what the user's own
 * admin page needs (`auth.view_user`).
 */
export function userAccessRoutes(app: FastifyInstance): void {
  const { authz, connection } = app.batterydb;
  const models = adminObjectModels(authz, connection.db);
  app.get<{ Params: { id: string }; Querystring: Query }>(
    '/admin/users/:id/access',
    {
      config: { access: { kind: 'staff', permission: 'auth.view_user' } },
      schema: { params: IdParams, querystring: Query },
    },
    async (request, reply) => {
      const id = toId(request.params.id, 'id');
      const user = await requireUser(authz, id);
      const subject = (await authz.loadSubject(id))!;
      const { after } = request.query;
      const model = models.find((m) => m.path === (request.query.model ?? models[0]!.path));
      if (!model)
        throw new AuthzError('NOT_FOUND', `there is no model “${request.query.model}” here`, 'model');
      const perms = objectPermissions(authz, model.policy);
      const perm = request.query.perm ?? perms.find((p) => p.includes('.view_'))!;
      const href = (cursor: string | null) => {
        const params = new URLSearchParams({ model: model.path, perm });
        if (cursor) params.set('after', cursor);
        return `/admin/users/${id}/access?${params.toString()}`;
      };
      let page: ObjectAccessPage | null = null;
      let failure: ReturnType<typeof formFailure> | null = null;
      try {
        page = await objectsUserMay(authz, signedIn(request), id, model, perm, {
          ...(after ? { after } : {}),
          limit: PAGE_SIZE,
        });
      } catch (error) {
        failure = formFailure(error, []);
      }
      return sendPage(
        reply,
        <UserAccessPage
          ctx={pageContext(request, reply)}
          user={user}
          lines={modelPermissionLines(authz.registry, subject)}
          model={model}
          models={models}
          perms={perms}
          perm={perm}
          page={page}
          message={failure?.message ?? null}
          nextHref={page?.nextCursor ? href(page.nextCursor) : null}
          firstHref={after ? href(null) : null}
        />,
        failure?.status ?? 200,
      );
    },
  );
}
