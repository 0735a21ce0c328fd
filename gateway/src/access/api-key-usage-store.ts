import type { Database } from '@cityhub/kit';
import type { ApiKeyUsageTotals } from './api-key-records.js';

const LAST_USED_WRITE_MS = 60_000;

/** What the gateways write of the keys' use: when each was last used, and the totals of its requests. */
export class ApiKeyUsageStore {
  private readonly lastUsedWritten = new Map<string, number>();
  constructor(protected readonly db: Database) {}

  /** Records that a key was used; written at most once a minute per key. */
  async touch(id: string, now = Date.now()): Promise<void> {
    if ((this.lastUsedWritten.get(id) ?? 0) + LAST_USED_WRITE_MS > now) return;
    this.lastUsedWritten.set(id, now);
    await this.db('api_keys')
      .comment('gateway.touchApiKey')
      .where({ id })
      .update({ last_used_at: new Date(now) });
  }

  /** Adds one gateway's counts since its last write to each key's totals, in one statement. */
  async addUsage(deltas: Map<string, ApiKeyUsageTotals>): Promise<void> {
    if (!deltas.size) return;
    await this.db('api_key_usage')
      .comment('gateway.addApiKeyUsage')
      .insert(
        [...deltas].map(([keyId, delta]) => ({
          key_id: keyId,
          requests: delta.requests,
          errors: delta.errors,
          rate_limited: delta.rateLimited,
          last_used_at: delta.lastUsedAt,
        })),
      )
      .onConflict('key_id')
      .merge({
        requests: this.db.raw('api_key_usage.requests + excluded.requests'),
        errors: this.db.raw('api_key_usage.errors + excluded.errors'),
        rate_limited: this.db.raw('api_key_usage.rate_limited + excluded.rate_limited'),
        last_used_at: this.db.raw('greatest(api_key_usage.last_used_at, excluded.last_used_at)'),
      });
  }

  /** The usage totals of these keys (zero for a key never used). */
  async usage(ids: readonly string[]): Promise<Map<string, ApiKeyUsageTotals>> {
    const rows: Array<{
      key_id: string;
      requests: string;
      errors: string;
      rate_limited: string;
      last_used_at: Date | null;
    }> = await this.db('api_key_usage').comment('gateway.apiKeyUsage').whereIn('key_id', ids);
    return new Map(
      rows.map((row) => [
        row.key_id,
        {
          requests: Number(row.requests),
          errors: Number(row.errors),
          rateLimited: Number(row.rate_limited),
          lastUsedAt: row.last_used_at,
        },
      ]),
    );
  }
}
