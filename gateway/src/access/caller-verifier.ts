import { createPublicKey, type KeyObject } from 'node:crypto';
import {
  ANONYMOUS,
  JWT_AUDIENCE,
  JWT_ISSUER,
  SERVICE_TOKEN_MAX_AGE,
  callerFromTokenClaims,
  identityKeyId,
  statedPurpose,
  serviceCaller,
  type Caller,
  type StatedPurpose,
} from '@cityhub/kit';
import { GraphQLError } from 'graphql';
import {
  decodeProtectedHeader,
  errors as joseErrors,
  importSPKI,
  jwtVerify,
  type CryptoKey,
  type JWTPayload,
} from 'jose';
import type { ApiKey, ApiKeyStore } from './api-key-store.js';

export interface VerifiedCaller {
  caller: Caller;
  /** Set for integrators whose key allows only registered operations. */
  registeredOperationsOnly: boolean;
  /** Requests per minute this caller may make. */
  requestsPerMinute: number;
  /** The integrator's key, when the caller presented one. */
  apiKey?: ApiKey;
}

export interface CallerVerifierOptions {
  jwtSecret: string;
  /** PEM public key of an external identity provider (ES256 or RS256); when set, HS256 tokens are refused. */
  jwtPublicKey?: string;
  apiKeys: ApiKeyStore | null;
  /** Public keys of the hub's machine callers (SERVICE_IDENTITIES), by service name. */
  servicePublicKeys?: Map<string, KeyObject[]>;
  userRequestsPerMinute: number;
  anonymousRequestsPerMinute: number;
}

const MAX_CACHED_TOKENS = 10_000;
const MAX_TOKEN_CACHE_MS = 60_000;

export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
  });
}

/**
 * Turns a request's credentials into a Caller: a department user's JWT (Authorization: Bearer), an
 * integrator's API key (x-api-key), or nobody. A credential that is present but not valid is
 * refused outright rather than treated as anonymous.
 */
export async function createCallerVerifier(options: CallerVerifierOptions) {
  const key: Uint8Array | CryptoKey = options.jwtPublicKey
    ? await importSPKI(
        options.jwtPublicKey,
        options.jwtPublicKey.includes('RSA') ? 'RS256' : 'ES256',
      )
    : new TextEncoder().encode(options.jwtSecret);
  const algorithms = options.jwtPublicKey ? ['ES256', 'RS256'] : ['HS256'];
  const serviceKeys = new Map<string, { service: string; key: KeyObject }>();
  for (const [service, keys] of options.servicePublicKeys ?? [])
    for (const key of keys) {
      const publicKey = key.type === 'private' ? createPublicKey(key) : key;
      serviceKeys.set(await identityKeyId(publicKey), { service, key: publicKey });
    }
  // A signature check costs a tenth of the gateway's CPU under load; a token once verified stays
  // valid until it expires, so its claims are kept (never past `exp`, at most a minute).
  const verifiedTokens = new Map<string, { payload: JWTPayload; until: number }>();

  return async function verifyCaller(headers: {
    authorization?: string;
    apiKey?: string;
    purpose?: string;
    purposeNote?: string;
  }): Promise<VerifiedCaller> {
    const stated = statedPurpose(headers.purpose, headers.purposeNote);
    if (headers.authorization) {
      const token = /^Bearer\s+(.+)$/i.exec(headers.authorization)?.[1];
      if (!token) throw unauthenticated('The Authorization header must be "Bearer <token>".');
      const service = serviceKeys.size > 0 ? serviceOf(token, serviceKeys) : null;
      if (service) return verifyServiceToken(token, service, stated, options);
      let payload: JWTPayload;
      const now = Date.now();
      const cached = verifiedTokens.get(token);
      if (cached && cached.until > now) {
        payload = cached.payload;
      } else {
        try {
          ({ payload } = await jwtVerify(token, key, {
            issuer: JWT_ISSUER,
            audience: JWT_AUDIENCE,
            algorithms,
            // A token without an expiry would be good forever once leaked.
            requiredClaims: ['exp'],
          }));
        } catch (error) {
          throw unauthenticated(
            error instanceof joseErrors.JWTExpired
              ? 'The token has expired.'
              : 'The token is not valid.',
          );
        }
        if (verifiedTokens.size >= MAX_CACHED_TOKENS) verifiedTokens.clear();
        verifiedTokens.set(token, {
          payload,
          until: Math.min(now + MAX_TOKEN_CACHE_MS, (payload.exp ?? Infinity) * 1000),
        });
      }
      const caller = callerFromTokenClaims(payload, stated.purpose);
      if ('problem' in caller) throw unauthenticated(caller.problem);
      return {
        caller: { ...caller, purposeNote: stated.purposeNote },
        registeredOperationsOnly: false,
        requestsPerMinute: options.userRequestsPerMinute,
      };
    }
    if (headers.apiKey) {
      const apiKey = options.apiKeys ? await options.apiKeys.verify(headers.apiKey) : null;
      if (!apiKey) throw unauthenticated('The API key is not valid.');
      return {
        caller: callerFromKey(apiKey, stated),
        registeredOperationsOnly: apiKey.registeredOperationsOnly,
        requestsPerMinute: apiKey.requestsPerMinute,
        apiKey,
      };
    }
    return {
      caller: { ...ANONYMOUS, ...stated },
      registeredOperationsOnly: false,
      requestsPerMinute: options.anonymousRequestsPerMinute,
    };
  };
}

/** The service whose key signed this token (by `kid`), or null for a user's token. */
function serviceOf(
  token: string,
  serviceKeys: Map<string, { service: string; key: KeyObject }>,
): { service: string; key: KeyObject } | null {
  try {
    const header = decodeProtectedHeader(token);
    return header.alg === 'EdDSA' && header.kid ? (serviceKeys.get(header.kid) ?? null) : null;
  } catch {
    return null;
  }
}

async function verifyServiceToken(
  token: string,
  { service, key }: { service: string; key: KeyObject },
  stated: StatedPurpose,
  options: CallerVerifierOptions,
): Promise<VerifiedCaller> {
  try {
    await jwtVerify(token, key, {
      issuer: `service:${service}`,
      subject: service,
      audience: JWT_AUDIENCE,
      algorithms: ['EdDSA'],
      requiredClaims: ['exp', 'iat'],
      maxTokenAge: SERVICE_TOKEN_MAX_AGE,
    });
  } catch (error) {
    throw unauthenticated(
      error instanceof joseErrors.JWTExpired ? 'The token has expired.' : 'The token is not valid.',
    );
  }
  return {
    caller: { ...serviceCaller(service, stated.purpose), purposeNote: stated.purposeNote },
    registeredOperationsOnly: false,
    requestsPerMinute: options.userRequestsPerMinute,
  };
}

function callerFromKey(key: ApiKey, stated: StatedPurpose): Caller {
  return {
    kind: 'integrator',
    id: `key:${key.id}`,
    department: key.department,
    roles: ['integrator'],
    scopes: key.scopes,
    streets: null,
    personId: null,
    ...stated,
  };
}
