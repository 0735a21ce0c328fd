import { sign, verify, type KeyObject } from 'node:crypto';

/**
 * The identity JWS (EdDSA, compact) made and checked with node:crypto's one-shot Ed25519, in the
 * calling thread: the same bytes as jose over WebCrypto (Ed25519 signatures are deterministic),
 * without a WebCrypto job, its promise and jose's copies of the header, payload and signature.
 */
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** The protected header of a key, encoded once: `{"alg":"EdDSA","kid":…}` as jose writes it. */
export function encodedHeader(keyId: string): string {
  return Buffer.from(JSON.stringify({ alg: 'EdDSA', kid: keyId })).toString('base64url');
}

export function signOneShot(encodedProtectedHeader: string, payload: string, key: KeyObject) {
  const input = `${encodedProtectedHeader}.${Buffer.from(payload).toString('base64url')}`;
  return `${input}.${sign(null, Buffer.from(input), key).toString('base64url')}`;
}

/** The three parts of a compact JWS; null unless it is three base64url parts. */
export function compactParts(jws: string): [string, string, string] | null {
  const parts = jws.split('.');
  if (parts.length !== 3 || !parts.every((part) => BASE64URL.test(part))) return null;
  return parts as [string, string, string];
}

/** The decoded protected header (the first part, as jose reads it); null unless a JSON object. */
export function protectedHeaderOf(jws: string): Record<string, unknown> | null {
  const parts = jws.split('.');
  // jose reads the header of a JWS (three parts) or a JWE (five), and of nothing else.
  const encoded = parts.length === 3 || parts.length === 5 ? parts[0]! : '';
  if (!BASE64URL.test(encoded)) return null;
  try {
    const header: unknown = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
    return typeof header === 'object' && header !== null && !Array.isArray(header)
      ? (header as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** The payload's bytes when the signature over the first two parts is the key's; else null. */
export function verifiedPayload(parts: [string, string, string], key: KeyObject): Buffer | null {
  const [header, payload, signature] = parts;
  const ok = verify(
    null,
    Buffer.from(`${header}.${payload}`),
    key,
    Buffer.from(signature, 'base64url'),
  );
  return ok ? Buffer.from(payload, 'base64url') : null;
}
