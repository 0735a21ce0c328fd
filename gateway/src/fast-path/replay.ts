import { randomUUID } from 'node:crypto';
import type { RawResponse } from '../subgraph-fetcher.js';

/**
 * When the fast path receives an answer it cannot pass on as it is (errors, a missing field, an
 * unreachable subgraph), the full pipeline makes the answer instead, from the subgraph's answer
 * already received: the subgraph is not asked twice, so it reads and audits once. The data source
 * marks its call with this header (never sent), and the fetcher takes the held answer instead of
 * calling, provided the body is the one the fast path sent.
 */
export const REPLAY_HEADER = 'x-hub-replay';

const held = new Map<string, { body: string; raw: RawResponse }>();

/** Holds `raw`, the answer to `body`, for the full pipeline's call; returns its id. */
export function holdReplay(body: string, raw: RawResponse): string {
  const id = randomUUID();
  held.set(id, { body, raw });
  return id;
}

/** Forgets a held answer the pipeline did not take (it refused the request before calling). */
export function dropReplay(id: string): void {
  held.delete(id);
}

/** The held answer for this call, once; null unless the call's body is the one answered. */
export function takeReplay(id: string | undefined, body: string | undefined): RawResponse | null {
  if (id === undefined) return null;
  const entry = held.get(id);
  held.delete(id);
  return entry && entry.body === body ? entry.raw : null;
}
