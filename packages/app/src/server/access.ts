import type { Perm } from '../authz/registry.ts';

/**
 * What a route needs before its handler runs. Every route must declare one (deny by default):
 * `buildApp` refuses to register a route without it, and a test walks the route table.
 */
export type Access =
  /** Anyone, signed in or not (health checks, the login form). */
  | { kind: 'public' }
  /** Any active signed-in user. */
  | { kind: 'signed-in' }
  /** A signed-in user holding a model-level permission. */
  | { kind: 'permission'; permission: Perm }
  /** A signed-in staff user holding a model-level permission (the admin API). */
  | { kind: 'staff'; permission: Perm }
  /** Decided by the handler on one loaded object, with this permission (404 if invisible, 403 if not allowed). */
  | { kind: 'object'; model: 'batterydb.experiment'; permission: Perm }
  /**
   * Open data (issue 26): reading a released dataset, signed in or not. The handler asks the
   * kit for `view_released_experiment` on the experiment (the rule every subject, the anonymous
   * one included, is decided by) and answers 404 when it says no. Reading only.
   */
  | { kind: 'dataset' };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** `form`: an HTML form route; its CSRF token comes in the body and is checked after parsing (web/forms/form-csrf.ts). */
    csrf?: 'form';
    /**
     * A route that a staff session without its required second factor may still reach (the
     * enrolment pages and signing out, issue 27); every other route refuses it.
     */
    enrolment?: true;
    /** Query parameters that may be given more than once (a list), e.g. `?id=1&id=2`. */
    repeatable?: readonly string[];
  }
}

export function describeAccess(access: Access): string {
  switch (access.kind) {
    case 'public':
    case 'signed-in':
    case 'dataset':
      return access.kind;
    case 'permission':
    case 'staff':
      return `${access.kind}:${access.permission}`;
    case 'object':
      return `object:${access.permission}`;
  }
}

type ExperimentPerm = Extract<Perm, `batterydb.${string}`> & `${string}experiment${string}`;

/**
 * Route config of every experiment route (its data included): sign-in, or anonymous reading
 * for GETs when enabled; the handler then decides on the loaded experiment (404 invisible,
 * 403 not allowed).
 */
export const onExperiment = (permission: ExperimentPerm) =>
  ({ access: { kind: 'object', model: 'batterydb.experiment', permission } }) as const;
