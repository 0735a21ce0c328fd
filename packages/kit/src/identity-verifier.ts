import { type webcrypto, type KeyObject } from 'node:crypto';
import { compactVerify, decodeProtectedHeader } from 'jose';
import {
  CLOCK_SKEW_SECONDS,
  IDENTITY_ISSUER,
  IDENTITY_LIFETIME_SECONDS,
  MAX_REMEMBERED_IDS,
  type HubIdentity,
  type IdentityPayload,
} from './identity-header.js';
import { identityKeyId, webCryptoKey } from './identity-keys.js';
import { compactParts, protectedHeaderOf, verifiedPayload } from './identity-one-shot.js';

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
    /** The same keys for node:crypto's one-shot Ed25519 (identity-one-shot.ts); null: jose. */
    private readonly oneShotKeys: Map<string, KeyObject> | null,
  ) {}

  static async create(options: {
    audience: string;
    publicKeys: KeyObject[];
    oneShot?: boolean;
  }): Promise<IdentityVerifier> {
    const keys = new Map<string, webcrypto.CryptoKey>();
    const oneShotKeys = new Map<string, KeyObject>();
    for (const key of options.publicKeys) {
      const keyId = await identityKeyId(key);
      keys.set(keyId, await webCryptoKey(key));
      oneShotKeys.set(keyId, key);
    }
    return new IdentityVerifier(
      options.audience,
      keys,
      (options.oneShot ?? true) ? oneShotKeys : null,
    );
  }

  async verify(
    header: string | undefined,
    receivedBodyDigest: string,
    now = Date.now(),
  ): Promise<HubIdentity | { refused: IdentityRefusal }> {
    if (!header) return { refused: 'missing' };
    const checked = this.oneShotKeys ? this.checkOneShot(header) : await this.checkJose(header);
    if ('refused' in checked) return checked;
    const { payload } = checked;
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

  private async checkJose(
    header: string,
  ): Promise<{ payload: IdentityPayload } | { refused: IdentityRefusal }> {
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
    return { payload };
  }

  /** As checkJose, with node:crypto's one-shot Ed25519 (the same refusals). */
  private checkOneShot(
    header: string,
  ): { payload: IdentityPayload } | { refused: IdentityRefusal } {
    const protectedHeader = protectedHeaderOf(header);
    if (!protectedHeader || protectedHeader.alg !== 'EdDSA') return { refused: 'malformed' };
    const { kid } = protectedHeader;
    const key = typeof kid === 'string' ? this.oneShotKeys!.get(kid) : undefined;
    if (!key) return { refused: 'unknown key' };
    // jose refuses critical header parameters it does not know; the gateway sets none.
    const parts = compactParts(header);
    if (!parts || 'crit' in protectedHeader) return { refused: 'bad signature' };
    try {
      const payload = verifiedPayload(parts, key);
      if (!payload) return { refused: 'bad signature' };
      return { payload: JSON.parse(payload.toString('utf8')) as IdentityPayload };
    } catch {
      return { refused: 'bad signature' };
    }
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
