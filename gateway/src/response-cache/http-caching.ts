import { createHash } from 'node:crypto';
import type { HeaderMap } from '@apollo/server';

/** The request headers an answer may differ by. */
const VARY = 'origin, authorization, x-api-key, x-purpose, x-purpose-note';

/** A strong ETag of an answer: the same bytes give the same tag, on every replica. */
export function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

export interface HttpCaching {
  /** The GET request's If-None-Match. */
  ifNoneMatch: string | undefined;
  /** Whether callers with the same rights share the answer (no personal data, not the caller's own). */
  shared: boolean;
  anonymous: boolean;
  maxAgeSeconds: number;
  etag: () => string;
}

/**
 * Cache-Control and ETag of a GET answer without errors: an answer shared by rights may be kept
 * (by anyone when no credential was sent, else by the caller's browser only) and revalidates to 304;
 * any other is `no-store`. Returns the status to send.
 */
export function applyHttpCaching(headers: HeaderMap, caching: HttpCaching): number | undefined {
  headers.set('vary', VARY);
  if (!caching.shared) {
    headers.set('cache-control', 'no-store');
    return undefined;
  }
  const etag = caching.etag();
  headers.set('etag', etag);
  headers.set(
    'cache-control',
    `${caching.anonymous ? 'public' : 'private'}, max-age=${caching.maxAgeSeconds}`,
  );
  return ifNoneMatch(caching.ifNoneMatch, etag) ? 304 : undefined;
}

function ifNoneMatch(header: string | undefined, etag: string): boolean {
  return !!header && header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
