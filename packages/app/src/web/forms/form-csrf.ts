import { sameSecret } from '@batterydb/authz';
import type { FastifyInstance } from 'fastify';
import { SAFE_METHODS } from '../../server/auth/access-decision.ts';
import { HttpProblem } from '../../server/http/problem.ts';
import { CSRF_FIELD } from './fields.tsx';

/**
 * CSRF for HTML forms (OWASP synchronizer token): a form cannot set the `x-csrf-token` header
 * the API asks for, so every page form carries the session's token in a hidden field and every
 * cookie-authenticated unsafe page request is checked here, after the body is parsed and before
 * validation or the handler. Routes of the page plugin are marked `csrf: 'form'`, which is what
 * tells the global gate (`server/auth/csrf.ts`) to leave the token to this hook; the
 * `Sec-Fetch-Site` refusal of cross-site posts still runs there, for sign-in too.
 */
export function installFormCsrf(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, csrf: 'form' };
  });
  app.addHook('preValidation', (request, _reply, done) => {
    if (SAFE_METHODS.has(request.method) || request.credential?.kind !== 'session') return done();
    const body = request.body as Record<string, unknown> | undefined;
    const sent = body?.[CSRF_FIELD];
    // Constant-time, like the header check: the token is a secret.
    if (typeof sent !== 'string' || !sameSecret(sent, request.credential.session.csrfToken))
      return done(
        new HttpProblem(
          'CSRF_FAILED',
          'this form has expired or did not come from BatteryDB; reload the page and try again',
          {
            field: CSRF_FIELD,
          },
        ),
      );
    done();
  });
}
