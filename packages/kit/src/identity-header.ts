import {
  createHash,
  createPublicKey,
  randomUUID,
  type webcrypto,
  type KeyObject,
} from 'node:crypto';
import { CompactSign } from 'jose';
import type { Caller } from './caller.js';
import { encodedHeader, signOneShot } from './identity-one-shot.js';
import { identityKeyId, webCryptoKey } from './identity-keys.js';

export * from './identity-keys.js';
export * from './identity-verifier.js';

/** The header in which the gateway passes the verified caller to the subgraphs. */
export const IDENTITY_HEADER = 'x-hub-identity';
/** Who signs identities: the gateway, the only holder of the private key. */
export const IDENTITY_ISSUER = 'city-data-hub-gateway';
/** A signed identity is good for one request, sent now: seconds, not minutes. */
export const IDENTITY_LIFETIME_SECONDS = 15;
/** Clocks of the gateway and a subgraph may differ this much. */
export const CLOCK_SKEW_SECONDS = 5;
/** Identities remembered against replay; past this the subgraph refuses rather than forgets. */
export const MAX_REMEMBERED_IDS = 1_000_000;

/** What a subgraph learns from a verified identity header. */
export interface HubIdentity {
  caller: Caller;
  operation: string | null;
  /** The signature's unique id, for the logs. */
  id: string;
}

export interface IdentityPayload {
  iss: string;
  /** The one subgraph this identity is for. */
  aud: string;
  jti: string;
  iat: number;
  exp: number;
  /** SHA-256 (base64url) of the exact request body. */
  bh: string;
  caller: Caller;
  op: string | null;
}

/** SHA-256 of a request body, as the identity binds it (base64url). */
export function bodyDigest(body: string | Uint8Array): string {
  return createHash('sha256').update(body).digest('base64url');
}

/**
 * Signs, for one subgraph and one request body, who is calling (EdDSA JWS). Only the gateway holds
 * the private key: a department that reads its own environment finds a public key, which signs
 * nothing.
 */
export class IdentitySigner {
  private readonly encodedHeader: string;

  private constructor(
    private readonly privateKey: webcrypto.CryptoKey,
    readonly keyId: string,
    /** node:crypto's one-shot Ed25519 instead of jose over WebCrypto (identity-one-shot.ts). */
    private readonly oneShotKey: KeyObject | null,
  ) {
    this.encodedHeader = encodedHeader(keyId);
  }

  static async create(
    privateKey: KeyObject,
    { oneShot = true }: { oneShot?: boolean } = {},
  ): Promise<IdentitySigner> {
    const cryptoKey = await webCryptoKey(privateKey);
    const keyId = await identityKeyId(createPublicKey(privateKey));
    return new IdentitySigner(cryptoKey, keyId, oneShot ? privateKey : null);
  }

  async sign(request: {
    caller: Caller;
    operation: string | null;
    /** The subgraph's name. */
    audience: string;
    /** The exact bytes of the request body, or their `bodyDigest`. */
    body: string | { digest: string };
    now?: number;
  }): Promise<string> {
    const iat = Math.floor((request.now ?? Date.now()) / 1000);
    const payload: IdentityPayload = {
      iss: IDENTITY_ISSUER,
      aud: request.audience,
      jti: randomUUID(),
      iat,
      exp: iat + IDENTITY_LIFETIME_SECONDS,
      bh: typeof request.body === 'string' ? bodyDigest(request.body) : request.body.digest,
      caller: request.caller,
      op: request.operation,
    };
    if (this.oneShotKey)
      return signOneShot(this.encodedHeader, JSON.stringify(payload), this.oneShotKey);
    return new CompactSign(Buffer.from(JSON.stringify(payload)))
      .setProtectedHeader({ alg: 'EdDSA', kid: this.keyId })
      .sign(this.privateKey);
  }
}
