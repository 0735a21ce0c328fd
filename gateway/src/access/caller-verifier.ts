import {
  ANONYMOUS,
  JWT_AUDIENCE,
  JWT_ISSUER,
  callerFromTokenClaims,
  type Caller,
} from '@cityhub/kit';
import { GraphQLError } from 'graphql';
import { errors as joseErrors, importSPKI, jwtVerify, type CryptoKey, type JWTPayload } from 'jose';
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
  userRequestsPerMinute: number;
  anonymousRequestsPerMinute: number;
}

const MAX_PURPOSE_LENGTH = 200;
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
  // A signature check costs a tenth of the gateway's CPU under load; a token once verified stays
  // valid until it expires, so its claims are kept (never past `exp`, at most a minute).
  const verifiedTokens = new Map<string, { payload: JWTPayload; until: number }>();

  return async function verifyCaller(headers: {
    authorization?: string;
    apiKey?: string;
    purpose?: string;
  }): Promise<VerifiedCaller> {
    const purpose = headers.purpose?.trim().slice(0, MAX_PURPOSE_LENGTH) || null;
    if (headers.authorization) {
      const token = /^Bearer\s+(.+)$/i.exec(headers.authorization)?.[1];
      if (!token) throw unauthenticated('The Authorization header must be "Bearer <token>".');
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
      const caller = callerFromTokenClaims(payload, purpose);
      if ('problem' in caller) throw unauthenticated(caller.problem);
      return {
        caller,
        registeredOperationsOnly: false,
        requestsPerMinute: options.userRequestsPerMinute,
      };
    }
    if (headers.apiKey) {
      const apiKey = options.apiKeys ? await options.apiKeys.verify(headers.apiKey) : null;
      if (!apiKey) throw unauthenticated('The API key is not valid.');
      return {
        caller: callerFromKey(apiKey, purpose),
        registeredOperationsOnly: apiKey.registeredOperationsOnly,
        requestsPerMinute: apiKey.requestsPerMinute,
        apiKey,
      };
    }
    return {
      caller: { ...ANONYMOUS, purpose },
      registeredOperationsOnly: false,
      requestsPerMinute: options.anonymousRequestsPerMinute,
    };
  };
}

function callerFromKey(key: ApiKey, purpose: string | null): Caller {
  return {
    kind: 'integrator',
    id: `key:${key.id}`,
    department: key.department,
    roles: ['integrator'],
    scopes: key.scopes,
    streets: null,
    personId: null,
    purpose,
  };
}
