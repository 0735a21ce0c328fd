import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Caller } from './caller.js';

/** The header in which the gateway passes the verified caller to the subgraphs. */
export const IDENTITY_HEADER = 'x-hub-identity';
/** Subgraphs refuse identities older than this, so a captured header is not good for long. */
const MAX_AGE_MS = 5 * 60_000;

interface SignedIdentity {
  caller: Caller;
  operation: string | null;
  issuedAt: number;
}

/** `<payload>.<signature>`, both base64url; HMAC-SHA256 with the secret only the hub's services share. */
export function signIdentity(
  caller: Caller,
  operation: string | null,
  secret: string,
  now = Date.now(),
): string {
  const payload = Buffer.from(
    JSON.stringify({ caller, operation, issuedAt: now } satisfies SignedIdentity),
  ).toString('base64url');
  return `${payload}.${createHmac('sha256', secret).update(payload).digest('base64url')}`;
}

/** The identity in a header, or null when the header is missing, forged, malformed or stale. */
export function verifyIdentity(
  header: string | undefined,
  secret: string,
  now = Date.now(),
): SignedIdentity | null {
  if (!header) return null;
  const [payload, signature] = header.split('.');
  if (!payload || !signature) return null;
  const expected = createHmac('sha256', secret).update(payload).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const identity = JSON.parse(
      Buffer.from(payload, 'base64url').toString('utf8'),
    ) as SignedIdentity;
    if (typeof identity.issuedAt !== 'number' || Math.abs(now - identity.issuedAt) > MAX_AGE_MS)
      return null;
    return identity;
  } catch {
    return null;
  }
}
