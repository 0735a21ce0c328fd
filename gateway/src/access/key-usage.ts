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
 * written to the key's row at most once a minute; the counts are added to the database's totals
 * by `write`, which the gateway calls every few seconds.
 */
export class KeyUsage {
  private readonly counts = new Map<string, KeyUsageCounts>();
  /** Counts not yet added to the database's totals. */
  private unwritten = new Map<string, KeyUsageCounts>();
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
    for (const counts of this.countsOf(keyId)) {
      counts.requests += 1;
      if (failed) counts.errors += 1;
    }
    const counts = this.counts.get(keyId)!;
    this.requests.inc({ key: keyId, outcome: failed ? 'error' : 'ok' });
    this.used(keyId, counts);
  }

  recordRateLimited(keyId: string): void {
    for (const counts of this.countsOf(keyId)) {
      counts.requests += 1;
      counts.rateLimited += 1;
    }
    const counts = this.counts.get(keyId)!;
    this.requests.inc({ key: keyId, outcome: 'rate_limited' });
    this.used(keyId, counts);
  }

  of(keyId: string): KeyUsageCounts {
    return { requests: 0, errors: 0, rateLimited: 0, lastUsedAt: null, ...this.counts.get(keyId) };
  }

  /**
   * Adds the counts since the last write to the keys' totals in the database; on failure they are
   * kept and added next time.
   */
  async write(): Promise<void> {
    if (!this.store || !this.unwritten.size) return;
    const batch = this.unwritten;
    this.unwritten = new Map();
    try {
      await this.store.addUsage(batch);
    } catch (error) {
      for (const [keyId, delta] of batch) {
        const [, counts] = this.countsOf(keyId);
        counts.requests += delta.requests;
        counts.errors += delta.errors;
        counts.rateLimited += delta.rateLimited;
        counts.lastUsedAt ??= delta.lastUsedAt;
      }
      throw error;
    }
  }

  private used(keyId: string, counts: KeyUsageCounts): void {
    counts.lastUsedAt = new Date();
    this.unwritten.get(keyId)!.lastUsedAt = counts.lastUsedAt;
    this.lastUsed.set({ key: keyId }, counts.lastUsedAt.getTime() / 1000);
    this.store
      ?.touch(keyId, counts.lastUsedAt.getTime())
      .catch((error: unknown) => this.logger.warn({ err: error, keyId }, 'last use not recorded'));
  }

  /** This process's counts of the key, and those not yet written. */
  private countsOf(keyId: string): [KeyUsageCounts, KeyUsageCounts] {
    const of = (map: Map<string, KeyUsageCounts>) => {
      let counts = map.get(keyId);
      if (!counts) {
        counts = { requests: 0, errors: 0, rateLimited: 0, lastUsedAt: null };
        map.set(keyId, counts);
      }
      return counts;
    };
    return [of(this.counts), of(this.unwritten)];
  }
}
