import type { Logger } from '@cityhub/kit';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { ApiKeyStore } from './api-key-store.js';

export interface KeyUsageCounts {
  requests: number;
  errors: number;
  rateLimited: number;
  lastUsedAt: Date | null;
}

/**
 * Requests, errors and rate-limit hits per API key, since this gateway started, also exported to
 * /metrics labelled by key id (bounded: one series per key, never a secret). The last use is
 * written to the key's row at most once a minute.
 */
export class KeyUsage {
  private readonly counts = new Map<string, KeyUsageCounts>();
  private readonly requests: Counter<'key' | 'outcome'>;
  private readonly lastUsed: Gauge<'key'>;

  constructor(
    registry: Registry,
    private readonly store: ApiKeyStore | null,
    private readonly logger: Logger,
  ) {
    this.requests = new Counter({
      name: 'cityhub_api_key_requests_total',
      help: 'Requests made with an API key, by key id and outcome (ok, error, rate_limited)',
      labelNames: ['key', 'outcome'],
      registers: [registry],
    });
    this.lastUsed = new Gauge({
      name: 'cityhub_api_key_last_used_seconds',
      help: 'When an API key was last used (Unix time)',
      labelNames: ['key'],
      registers: [registry],
    });
  }

  recordRequest(keyId: string, failed: boolean): void {
    const counts = this.countsOf(keyId);
    counts.requests += 1;
    if (failed) counts.errors += 1;
    this.requests.inc({ key: keyId, outcome: failed ? 'error' : 'ok' });
    this.used(keyId, counts);
  }

  recordRateLimited(keyId: string): void {
    const counts = this.countsOf(keyId);
    counts.requests += 1;
    counts.rateLimited += 1;
    this.requests.inc({ key: keyId, outcome: 'rate_limited' });
    this.used(keyId, counts);
  }

  of(keyId: string): KeyUsageCounts {
    return { ...this.countsOf(keyId) };
  }

  private used(keyId: string, counts: KeyUsageCounts): void {
    counts.lastUsedAt = new Date();
    this.lastUsed.set({ key: keyId }, counts.lastUsedAt.getTime() / 1000);
    this.store
      ?.touch(keyId, counts.lastUsedAt.getTime())
      .catch((error: unknown) => this.logger.warn({ err: error, keyId }, 'last use not recorded'));
  }

  private countsOf(keyId: string): KeyUsageCounts {
    let counts = this.counts.get(keyId);
    if (!counts) {
      counts = { requests: 0, errors: 0, rateLimited: 0, lastUsedAt: null };
      this.counts.set(keyId, counts);
    }
    return counts;
  }
}
