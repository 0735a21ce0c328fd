import {
  ANONYMOUS,
  IDENTITY_HEADER,
  JWT_AUDIENCE,
  JWT_ISSUER,
  callerFromTokenClaims,
  mintToken,
  scopesOfRoles,
  signIdentity,
  type Caller,
  type TokenClaims,
} from '@cityhub/kit';
import { jwtVerify } from 'jose';

/**
 * Who the benchmark's clients are: a district official (every street, personal data), the caller a
 * health-code gate or an operations screen acts as. Both gateways receive the same token.
 */
export const BENCH_CLAIMS = {
  subject: 'bench',
  department: 'operations-centre',
  roles: ['district-official'],
  expiresIn: '12h',
} as const;
/** Stated purpose, needed to see personal data unmasked. */
export const BENCH_PURPOSE = 'benchmark';

/** The same headers stating another purpose, or none (null): personal data then come back masked. */
export function withPurpose(
  headers: Record<string, string>,
  purpose: string | null,
): Record<string, string> {
  const { 'x-purpose': _stated, ...rest } = headers;
  return purpose === null ? rest : { ...rest, 'x-purpose': purpose };
}

export async function gatewayHeaders(
  jwtSecret: string,
  claims: TokenClaims = { ...BENCH_CLAIMS, roles: [...BENCH_CLAIMS.roles] },
): Promise<Record<string, string>> {
  return {
    authorization: `Bearer ${await mintToken({ expiresIn: '12h', ...claims }, jwtSecret)}`,
    'x-purpose': BENCH_PURPOSE,
  };
}

/**
 * Headers of a request sent to a subgraph directly (the baseline without a gateway): the identity a
 * gateway would have signed for the same caller. Signatures expire after minutes, so sign per run.
 */
export function subgraphHeaders(
  internalSecret: string,
  operation: string | null,
  purpose: string | null = BENCH_PURPOSE,
): Record<string, string> {
  const caller: Caller = {
    kind: 'user',
    id: BENCH_CLAIMS.subject,
    department: BENCH_CLAIMS.department,
    roles: [...BENCH_CLAIMS.roles],
    scopes: scopesOfRoles(BENCH_CLAIMS.roles),
    streets: null,
    personId: null,
    purpose,
  };
  return { [IDENTITY_HEADER]: signIdentity(caller, operation, internalSecret) };
}

/**
 * What our gateway does per request before calling a subgraph, for the peer gateway to do the same
 * work (through the same callerFromTokenClaims as gateway/src/access/caller-verifier.ts; API keys are not used by the
 * benchmark): verify the bearer token and sign the caller's identity (reused for 10 s per caller and
 * operation, as ours does, so that identical subgraph calls can still be de-duplicated).
 */
export function identitySigner(jwtSecret: string, internalSecret: string) {
  const key = new TextEncoder().encode(jwtSecret);
  const signatures = new Map<string, { header: string; until: number }>();
  return async (
    authorization: string | null,
    statedPurpose: string | null,
    operation: string | null,
  ): Promise<string> => {
    const purpose = statedPurpose?.trim().slice(0, 200) || null;
    let caller: Caller = { ...ANONYMOUS, purpose };
    const token = authorization ? /^Bearer\s+(.+)$/i.exec(authorization)?.[1] : undefined;
    if (token) {
      const { payload } = await jwtVerify(token, key, {
        issuer: JWT_ISSUER,
        audience: JWT_AUDIENCE,
        algorithms: ['HS256'],
      });
      const verified = callerFromTokenClaims(payload, purpose);
      if ('problem' in verified) throw new Error(verified.problem);
      caller = verified;
    }
    const cacheKey = JSON.stringify([caller, operation]);
    const now = Date.now();
    let cached = signatures.get(cacheKey);
    if (!cached || cached.until < now) {
      if (signatures.size > 10_000) signatures.clear();
      cached = {
        header: signIdentity(caller, operation, internalSecret, now),
        until: now + 10_000,
      };
      signatures.set(cacheKey, cached);
    }
    return cached.header;
  };
}

export { IDENTITY_HEADER };
