import {
  createHash,
  createPublicKey,
  randomUUID,
  type webcrypto,
  type KeyObject,
} from 'node:crypto';
import { CompactSign, compactVerify, decodeProtectedHeader } from 'jose';
import type { Caller } from './caller.js';
import { ed25519CryptoKey, identityKeyId } from './identity-keys.js';

export * from './identity-keys.js';

/** The header in which the gateway passes the verified caller to the subgraphs. */
export const IDENTITY_HEADER = 'x-hub-identity';
/** Who signs identities: the gateway, the only holder of the private key. */
export const IDENTITY_ISSUER = 'city-data-hub-gateway';
/** A signed identity is good for one request, sent now: seconds, not minutes. */
export const IDENTITY_LIFETIME_SECONDS = 15;
/** Clocks of the gateway and a subgraph may differ this much. */
const CLOCK_SKEW_SECONDS = 5;
/** Identities remembered against replay; past this the subgraph refuses rather than forgets. */
const MAX_REMEMBERED_IDS = 1_000_000;

/** What a subgraph learns from a verified identity header. */
export interface HubIdentity {
  caller: Caller;
  operation: string | null;
  /** The signature's unique id, for the logs. */
  id: string;
}

interface IdentityPayload {
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
  private constructor(
    private readonly privateKey: webcrypto.CryptoKey,
    readonly keyId: string,
  ) {}

  static async create(privateKey: KeyObject): Promise<IdentitySigner> {
    // A CryptoKey imported once: jose would otherwise convert the KeyObject on every signature.
    const cryptoKey = await ed25519CryptoKey(privateKey, 'sign');
    return new IdentitySigner(cryptoKey, await identityKeyId(createPublicKey(privateKey)));
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
    return new CompactSign(Buffer.from(JSON.stringify(payload)))
      .setProtectedHeader({ alg: 'EdDSA', kid: this.keyId })
      .sign(this.privateKey);
  }
}

/** Why a subgraph refused an identity header (for its logs; the client learns only "refused"). */
export type IdentityRefusal =
  | 'missing'
  | 'malformed'
  | 'unknown key'
  | 'bad signature'
  | 'wrong issuer'
  | 'wrong audience'
  | 'expired'
  | 'body mismatch'
  | 'replayed';

/**
 * A subgraph's check of the gateway's signature: right key (any of the configured public keys, by
 * `kid`, so that keys roll over without downtime), right audience (this subgraph), the very body
 * received, within its lifetime, and never seen before.
 */
export class IdentityVerifier {
  private readonly seen = new Map<string, number>();

  private constructor(
    private readonly audience: string,
    private readonly keys: Map<string, webcrypto.CryptoKey>,
  ) {}

  static async create(options: {
    audience: string;
    publicKeys: KeyObject[];
  }): Promise<IdentityVerifier> {
    const keys = new Map<string, webcrypto.CryptoKey>();
    for (const key of options.publicKeys) {
      keys.set(await identityKeyId(key), await ed25519CryptoKey(key, 'verify'));
    }
    return new IdentityVerifier(options.audience, keys);
  }

  async verify(
    header: string | undefined,
    receivedBodyDigest: string,
    now = Date.now(),
  ): Promise<HubIdentity | { refused: IdentityRefusal }> {
    if (!header) return { refused: 'missing' };
    let kid: string | undefined;
    try {
      const protectedHeader = decodeProtectedHeader(header);
      if (protectedHeader.alg !== 'EdDSA') return { refused: 'malformed' };
      kid = protectedHeader.kid;
    } catch {
      return { refused: 'malformed' };
    }
    const key = kid ? this.keys.get(kid) : undefined;
    if (!key) return { refused: 'unknown key' };
    let payload: IdentityPayload;
    try {
      const verified = await compactVerify(header, key, { algorithms: ['EdDSA'] });
      payload = JSON.parse(Buffer.from(verified.payload).toString('utf8')) as IdentityPayload;
    } catch {
      return { refused: 'bad signature' };
    }
    if (payload.iss !== IDENTITY_ISSUER) return { refused: 'wrong issuer' };
    if (payload.aud !== this.audience) return { refused: 'wrong audience' };
    const seconds = now / 1000;
    if (
      typeof payload.exp !== 'number' ||
      typeof payload.iat !== 'number' ||
      payload.exp - payload.iat > IDENTITY_LIFETIME_SECONDS ||
      seconds > payload.exp + CLOCK_SKEW_SECONDS ||
      seconds < payload.iat - CLOCK_SKEW_SECONDS
    )
      return { refused: 'expired' };
    if (payload.bh !== receivedBodyDigest) return { refused: 'body mismatch' };
    if (typeof payload.jti !== 'string' || !this.remember(payload.jti, payload.exp, seconds))
      return { refused: 'replayed' };
    return { caller: payload.caller, operation: payload.op ?? null, id: payload.jti };
  }

  /** Records an identity's id until it expires; false when it was seen (or memory is full). */
  private remember(jti: string, exp: number, seconds: number): boolean {
    // Ids are inserted roughly in expiry order, so the expired ones are at the front.
    for (const [id, until] of this.seen) {
      if (until >= seconds) break;
      this.seen.delete(id);
    }
    if (this.seen.has(jti) || this.seen.size >= MAX_REMEMBERED_IDS) return false;
    this.seen.set(jti, exp + CLOCK_SKEW_SECONDS);
    return true;
  }
}
