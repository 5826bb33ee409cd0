import type { AuthzContext } from '../context.ts';
import { externalIdentitiesOf } from './external-identity.ts';
import { resolveExternalSignIn } from './external-sign-in.ts';
import { linkExternalIdentity } from './link-identity.ts';
import { savePendingLogin, takePendingLogin } from './pending-login.ts';

type Rest<F> = F extends (ctx: AuthzContext, ...rest: infer R) => infer T ? (...rest: R) => T : never;
function bind<F extends (ctx: AuthzContext, ...rest: never[]) => unknown>(ctx: AuthzContext, fn: F): Rest<F> {
  return ((...rest: never[]) => fn(ctx, ...rest)) as Rest<F>;
}

/** Institutional sign-in (issue 27): `authz.external.*`. The session is the caller's to start. */
export function externalApi(ctx: AuthzContext) {
  return {
    resolveSignIn: bind(ctx, resolveExternalSignIn),
    link: bind(ctx, linkExternalIdentity),
    identitiesOf: bind(ctx, externalIdentitiesOf),
    savePending: bind(ctx, savePendingLogin),
    takePending: bind(ctx, takePendingLogin),
  };
}

export type ExternalApi = ReturnType<typeof externalApi>;
