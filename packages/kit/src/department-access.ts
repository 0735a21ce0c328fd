import { ROLES } from './roles.js';
import { SCOPES } from './caller.js';

/** What a department contributes to the hub's scope and role tables. */
export interface DepartmentAccess {
  /** The scopes its schema's `@requiresScopes` name, with what each lets a caller do. */
  scopes: Record<string, string>;
  /** Which of the hub's roles (`ROLES`) get which of those scopes. */
  roles?: Record<string, string[]>;
}

/**
 * Where the hub's tables and the registered departments' declarations disagree: a scope a
 * department declares that the hub does not know, a role grant the table lacks or has without a
 * department declaring it. Empty when the registry and the tables say the same.
 */
export function accessTableProblems(
  departments: { name: string; access?: DepartmentAccess }[],
): string[] {
  const known = new Set<string>(Object.values(SCOPES));
  const problems: string[] = [];
  const granted = new Map<string, Set<string>>();
  const declared = new Set<string>();
  for (const { name, access } of departments) {
    for (const scope of Object.keys(access?.scopes ?? {})) {
      declared.add(scope);
      if (!known.has(scope)) problems.push(`${name}: scope ${scope} is not in the hub's SCOPES`);
    }
    for (const [role, scopes] of Object.entries(access?.roles ?? {})) {
      if (!ROLES[role]) problems.push(`${name}: role ${role} is not in the hub's ROLES`);
      for (const scope of scopes) {
        if (!access?.scopes[scope]) problems.push(`${name}: role ${role} gets undeclared ${scope}`);
        granted.set(role, (granted.get(role) ?? new Set()).add(scope));
      }
    }
  }
  for (const [role, { scopes }] of Object.entries(ROLES)) {
    if (role === 'admin') continue;
    for (const scope of scopes)
      if (declared.has(scope) && !granted.get(role)?.has(scope))
        problems.push(`role ${role} has ${scope}, which no department grants it`);
  }
  return problems;
}

/** A department's scopes for its officials: a street's (within its streets) and the district's do the same work. */
export function officialRoles(...scopes: string[]): Record<string, string[]> {
  return { 'street-official': scopes, 'district-official': scopes };
}
