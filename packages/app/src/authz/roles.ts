import { defineRoles } from '@batterydb/authz';
import { experimentModel, type Perm, registry } from './registry.ts';

/**
 * The default roles (SPEC §1, seed goal 2), created with their permissions by `init` and
 * brought back to this declaration by every later migration.
 *
 * Read only and Contributor hold no `view_experiment` at model level on purpose: a model-level
 * permission counts on every object (SPEC §3.2), so it would reveal private experiments. They
 * see public experiments through a rule instead (SPEC §3.3).
 */
export const ROLE_READ_ONLY = 'Read only';
export const ROLE_CONTRIBUTOR = 'Contributor';
export const ROLE_MAINTAINER = 'Maintainer';

export const roles = defineRoles<Perm>([
  {
    name: ROLE_READ_ONLY,
    description: 'Searches and plots public experiments.',
    permissions: [],
  },
  {
    name: ROLE_CONTRIBUTOR,
    description: 'Adds experiments and edits its own while they are private.',
    permissions: ['batterydb.add_experiment'],
  },
  {
    name: ROLE_MAINTAINER,
    description: 'Curates every experiment: every permission of the battery app, none over accounts.',
    // Released versions are everyone's by a rule (issue 26); a model-level grant of it would
    // also cover experiments that were never released.
    permissions: registry
      .permissionsOf(experimentModel)
      .filter((p) => p !== 'batterydb.view_released_experiment'),
  },
]);
