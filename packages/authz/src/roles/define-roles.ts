/**
 * Roles are groups declared in code (SPEC §1, seed goal 2). The migration step creates each
 * role's group and brings its permissions to exactly the declaration; other groups are never
 * touched. The permission list is typed, so a role cannot name a permission that does not exist.
 *
 * @example
 * const roles = defineRoles<Perm>([
 *   { name: 'Contributor', permissions: ['batterydb.add_experiment'] },
 * ]);
 */
export interface RoleDefinition<P extends string = string> {
  readonly name: string;
  readonly description?: string;
  readonly permissions: readonly P[];
}

export function defineRoles<P extends string>(
  roles: readonly RoleDefinition<P>[],
): readonly RoleDefinition<P>[] {
  const names = new Set<string>();
  for (const role of roles) {
    if (names.has(role.name)) throw new Error(`defineRoles: role "${role.name}" is declared twice`);
    names.add(role.name);
  }
  return roles;
}
