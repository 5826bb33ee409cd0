import { AuthzError } from '@batterydb/authz';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { publishVersion, releaseOpenly, withdrawVersion } from '../../datasets/release-dataset.ts';
import { onExperiment } from '../../server/access.ts';
import { closed, IdParams, IdString, toId } from '../../server/schemas/common.ts';
import { formFailure } from '../forms/form-errors.ts';
import { formBody, FormText } from '../forms/form-schema.ts';
import { setFlash } from '../layout/flash.ts';
import { seeOther } from '../render.ts';

type Params = { Params: { id: string } };

/**
 * The experiment page's open-data forms (OpenDataPanel): the same domain functions, decisions
 * and audit entries as `POST /api/experiments/:id/release|versions|versions/:n/withdraw`; the
 * outcome comes back as a flash on the experiment page.
 */
export function datasetActions(app: FastifyInstance): void {
  const { authz } = app.batterydb;
  const config = onExperiment('batterydb.change_experiment_status');
  const back = async (reply: FastifyReply, id: number, run: () => Promise<string>) => {
    try {
      setFlash(reply, { kind: 'ok', text: await run() });
    } catch (error) {
      setFlash(reply, {
        kind: 'error',
        text: formFailure(error, ['licence', 'reason'], { licence: 'The licence', reason: 'The reason' })
          .detail,
      });
    }
    return seeOther(reply, `/experiments/${id}`);
  };

  app.post<Params & { Body: { licence?: string; confirm?: string } }>(
    '/experiments/:id/release',
    { config, schema: { params: IdParams, body: formBody({ licence: FormText(64), confirm: FormText(8) }) } },
    async (request, reply) => {
      const id = toId(request.params.id, 'id');
      return back(reply, id, async () => {
        if (request.body.confirm !== 'yes')
          throw new AuthzError(
            'INVALID_INPUT',
            'tick the box to confirm the release and its licence',
            'confirm',
          );
        await releaseOpenly(authz, request.subject, id, request.body.licence, request.ip);
        return 'Released openly: anyone may now read and download its released versions.';
      });
    },
  );

  app.post<Params>(
    '/experiments/:id/versions',
    { config, schema: { params: IdParams } },
    async (request, reply) => {
      const id = toId(request.params.id, 'id');
      return back(reply, id, async () => {
        const n = await publishVersion(authz, request.subject, id, request.ip);
        return `Version ${n} published; the earlier versions stay as they were released.`;
      });
    },
  );

  app.post<{ Params: { id: string; n: string }; Body: { reason?: string } }>(
    '/experiments/:id/versions/:n/withdraw',
    {
      config,
      schema: { params: closed({ id: IdString, n: IdString }), body: formBody({ reason: FormText(1000) }) },
    },
    async (request, reply) => {
      const id = toId(request.params.id, 'id');
      const n = toId(request.params.n, 'n');
      return back(reply, id, async () => {
        await withdrawVersion(authz, request.subject, id, n, request.body.reason, request.ip);
        return `Version ${n} withdrawn: its landing page now says why, and its data is no longer served.`;
      });
    },
  );
}
