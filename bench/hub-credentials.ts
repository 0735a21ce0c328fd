import { createPublicKey, randomUUID, sign, type KeyObject } from 'node:crypto';
import {
  ANONYMOUS,
  IDENTITY_HEADER,
  IDENTITY_ISSUER,
  IDENTITY_LIFETIME_SECONDS,
  IdentitySigner,
  JWT_AUDIENCE,
  JWT_ISSUER,
  bodyDigest,
  callerFromTokenClaims,
  identityKeyId,
  mintToken,
  scopesOfRoles,
  type Caller,
  type TokenClaims,
} from '@cityhub/kit';
import { jwtVerify, type JWTPayload } from 'jose';

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
export const BENCH_PURPOSE = 'resident-services';

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
 * Signs each request sent to a subgraph directly (the baseline without a gateway) as a gateway
 * would: for that subgraph and that body, once. Synchronous, because the load generator prepares
 * requests synchronously; the same EdDSA JWS that the kit's IdentitySigner produces.
 */
export async function directSubgraphSigner(
  gatewayKey: KeyObject,
  subgraph: string,
  operation: string | null,
  purpose: string | null = BENCH_PURPOSE,
): Promise<(body: string) => Record<string, string>> {
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
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const header = encode({ alg: 'EdDSA', kid: await identityKeyId(createPublicKey(gatewayKey)) });
  return (body) => {
    const iat = Math.floor(Date.now() / 1000);
    const payload = encode({
      iss: IDENTITY_ISSUER,
      aud: subgraph,
      jti: randomUUID(),
      iat,
      exp: iat + IDENTITY_LIFETIME_SECONDS,
      bh: bodyDigest(body),
      caller,
      op: operation,
    });
    const signature = sign(null, Buffer.from(`${header}.${payload}`), gatewayKey);
    return { [IDENTITY_HEADER]: `${header}.${payload}.${signature.toString('base64url')}` };
  };
}

/**
 * What our gateway does per request before calling a subgraph, for the peer gateway to do the same
 * work (through the same callerFromTokenClaims as gateway/src/access/caller-verifier.ts; API keys
 * are not used by the benchmark): verify the bearer token, then sign the caller's identity for the
 * subgraph and the exact body of each subgraph call.
 */
export function identitySigner(jwtSecret: string, gatewayKey: KeyObject, cacheTokens = true) {
  const key = new TextEncoder().encode(jwtSecret);
  const signer = IdentitySigner.create(gatewayKey);
  // The same rule as gateway/src/access/caller-verifier.ts: a verified token's claims are kept for
  // at most a minute and never past its expiry, at most 10,000 tokens; without it the peer would
  // verify the token's signature on every subgraph fetch and ours once a minute.
  const verified = new Map<string, { payload: JWTPayload; until: number }>();
  const verify = async (token: string): Promise<JWTPayload> => {
    const now = Date.now();
    const cached = cacheTokens ? verified.get(token) : undefined;
    if (cached && cached.until > now) return cached.payload;
    const { payload } = await jwtVerify(token, key, {
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      algorithms: ['HS256'],
      requiredClaims: ['exp'],
    });
    if (verified.size >= 10_000) verified.clear();
    if (cacheTokens)
      verified.set(token, { payload, until: Math.min(now + 60_000, (payload.exp ?? 0) * 1000) });
    return payload;
  };
  return async (request: {
    authorization: string | null;
    purpose: string | null;
    operation: string | null;
    subgraph: string;
    body: string;
  }): Promise<string> => {
    const purpose = request.purpose?.trim().slice(0, 200) || null;
    let caller: Caller = { ...ANONYMOUS, purpose };
    const token = request.authorization
      ? /^Bearer\s+(.+)$/i.exec(request.authorization)?.[1]
      : undefined;
    if (token) {
      const fromToken = callerFromTokenClaims(await verify(token), purpose);
      if ('problem' in fromToken) throw new Error(fromToken.problem);
      caller = fromToken;
    }
    return (await signer).sign({
      caller,
      operation: request.operation,
      audience: request.subgraph,
      body: request.body,
    });
  };
}

export { IDENTITY_HEADER };
