import { SCOPES, mintToken, type Caller, type TokenClaims } from '@cityhub/kit';
import { TEST_JWT_SECRET } from './constants.js';

/** Who calls in a test: a caller as the gateway passes it on, or the token and headers it sends. */
/** A caller as the gateway would pass it; defaults to a district official with every scope. */
export function testCaller(overrides: Partial<Caller> = {}): Caller {
  return {
    kind: 'user',
    id: 'test-official',
    department: 'test',
    roles: ['admin'],
    scopes: Object.values(SCOPES),
    streets: null,
    personId: null,
    purpose: 'resident-services',
    ...overrides,
  };
}

/** A bearer token for the test hub's gateway. */
export async function testToken(claims: Partial<TokenClaims> = {}): Promise<string> {
  return mintToken(
    { subject: 'test-user', department: 'test', roles: ['admin'], ...claims },
    TEST_JWT_SECRET,
  );
}

/** Authorization (and, by default, a stated purpose) for requests through the test gateway. */
export async function authHeaders(
  claims: Partial<TokenClaims> = {},
  purpose: string | null = 'resident-services',
): Promise<Record<string, string>> {
  return {
    authorization: `Bearer ${await testToken(claims)}`,
    ...(purpose ? { 'x-purpose': purpose } : {}),
  };
}
