import type { FastifyInstance } from 'fastify';
import { adminObjectModels } from '../../../admin/object-models.ts';
import { closed, IdString } from '../../../server/schemas/common.ts';
import { pageContext } from '../../page-context.ts';
import { sendPage, seeOther } from '../../render.ts';
import { requireStaff } from '../admin-request.ts';
import { AdminHomePage } from '../pages/admin-home.tsx';

/**
 * `GET /admin`: the sections the viewer may use (any staff member; each section decides with
 * its own permission), and `GET /admin/<model>/permissions?id=N`, the lookup form's target,
 * which only redirects to that object's page (where the object decides).
 */
export function homeRoutes(app: FastifyInstance): void {
  const { authz, connection } = app.batterydb;
  const models = adminObjectModels(authz, connection.db);
  const config = { access: { kind: 'signed-in' } } as const;
  app.get('/admin', { config }, (request, reply) => {
    requireStaff(request);
    return sendPage(reply, <AdminHomePage ctx={pageContext(request, reply)} models={models} />);
  });
  for (const model of models)
    app.get<{ Querystring: { id: string } }>(
      `/admin/${model.path}/permissions`,
      { config, schema: { querystring: closed({ id: IdString }) } },
      (request, reply) => {
        requireStaff(request);
        return seeOther(reply, `/admin/${model.path}/${request.query.id}/permissions`);
      },
    );
}
