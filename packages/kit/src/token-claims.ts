import type { Caller } from './caller.js';
import { ROLES, scopesOfRoles } from './roles.js';

/** A token's claims that the hub reads: `sub`, `dept`, `roles`, `scope`, `streets`, `pid`, `org`. */
export type TokenPayload = Record<string, unknown>;

/**
 * The Caller a verified token stands for, or the reason it cannot stand for one. Shared by the
 * gateway and by anything that must do the gateway's work the same way (the benchmark's peer).
 */
export function callerFromTokenClaims(
  payload: TokenPayload,
  purpose: string | null,
): Caller | { problem: string } {
  const roles = strings(payload.roles).filter((role) => role in ROLES);
  const scopes = new Set<string>([
    ...scopesOfRoles(roles),
    ...(typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : []),
  ]);
  // One street-local role among several limits the whole token to its streets: a wider role
  // alongside it must not lift the street limit.
  const local = roles.some((role) => ROLES[role]?.streetLocal);
  const streets = strings(payload.streets);
  if (local && streets.length === 0)
    return { problem: 'A street-local role needs the streets it covers in the token.' };
  const organization = typeof payload.org === 'string' ? payload.org : null;
  if (roles.some((role) => ROLES[role]?.organizationBound) && !organization)
    return { problem: 'A contractor token needs the credit code of its enterprise (claim org).' };
  return {
    kind: 'user',
    id: String(payload.sub ?? ''),
    department: typeof payload.dept === 'string' ? payload.dept : null,
    roles,
    scopes: [...scopes],
    streets: local ? streets : null,
    personId: typeof payload.pid === 'string' ? payload.pid : null,
    organization,
    purpose,
  };
}

function strings(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}
