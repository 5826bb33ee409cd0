import { and, anyoneRule, definePolicy, eq, groupRule, ownerRule } from '@batterydb/authz';
import { experimentModel } from '../authz/registry.ts';
import { ROLE_CONTRIBUTOR, ROLE_MAINTAINER, ROLE_READ_ONLY } from '../authz/roles.ts';

const VIEW = 'batterydb.view_experiment';
const CHANGE = 'batterydb.change_experiment';
const DELETE = 'batterydb.delete_experiment';
const VIEW_RELEASED = 'batterydb.view_released_experiment';

/**
 * SPEC §3.3, declared once: the same declaration decides single checks, lists, explain and
 * who-has. Data and files of an experiment have no rules of their own; they are decided by these.
 * `anonymousRead` (off by default) lets signed-out visitors view public experiments.
 */
export function experimentPolicy(options: { anonymousRead?: boolean } = {}) {
  return definePolicy({
    model: experimentModel,
    table: 'experiment',
    rules: [
      ownerRule({ name: 'owner views own', field: 'owner_id', permissions: [VIEW] }),
      // The seed's docstring: "the contributing user can modify the object if status is private but not if public".
      ownerRule({
        name: 'owner edits own private',
        field: 'owner_id',
        permissions: [CHANGE, DELETE],
        when: eq('status', 'private'),
      }),
      groupRule({
        name: 'maintainers curate',
        groups: [ROLE_MAINTAINER],
        permissions: [VIEW, CHANGE, DELETE],
      }),
      groupRule({
        name: 'public to readers',
        groups: [ROLE_READ_ONLY, ROLE_CONTRIBUTOR],
        permissions: [VIEW],
        when: eq('status', 'public'),
      }),
      // Open data (issue 26): a public experiment a Maintainer released openly shows its released
      // versions to everyone, signed in or not — its own permission, so nothing else of it
      // (drafts, the experiment page, its live data) becomes visible signed out.
      anyoneRule({
        name: 'released openly to everyone',
        anonymous: true,
        permissions: [VIEW_RELEASED],
        when: and(eq('status', 'public'), eq('open_release', 1)),
      }),
      ...(options.anonymousRead
        ? [
            anyoneRule({
              name: 'public to visitors',
              anonymous: true,
              permissions: [VIEW],
              when: eq('status', 'public'),
            }),
          ]
        : []),
    ],
    // "Public data is curated": on a public experiment change and delete come only from a
    // model-level permission (Maintainer) or the superuser flag; a collaborator's grant of them
    // counts while the experiment is private only, so no grant outlives publication.
    grantsCountWhen: { [CHANGE]: eq('status', 'private'), [DELETE]: eq('status', 'private') },
  });
}

export type ExperimentPolicy = ReturnType<typeof experimentPolicy>;
