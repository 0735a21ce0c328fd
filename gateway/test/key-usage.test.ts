import { createLogger } from '@cityhub/kit';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { ApiKeyStore, ApiKeyUsageTotals } from '../src/access/api-key-store.js';
import { KeyUsage } from '../src/access/key-usage.js';

/** A store that records what it is asked to add, and fails when told to. */
function fakeStore() {
  const added: Array<Map<string, ApiKeyUsageTotals>> = [];
  let failing = false;
  const store = {
    touch: async () => {},
    addUsage: async (deltas: Map<string, ApiKeyUsageTotals>) => {
      if (failing) throw new Error('database down');
      added.push(new Map([...deltas].map(([id, totals]) => [id, { ...totals }])));
    },
  } as unknown as ApiKeyStore;
  return { store, added, fail: (value: boolean) => (failing = value) };
}

describe('key usage written to the database', () => {
  it('writes each count once, and keeps the counts of a failed write for the next', async () => {
    const { store, added, fail } = fakeStore();
    const usage = new KeyUsage(new Registry(), store, createLogger('test', 'silent'));
    usage.recordRequest('key1', false);
    usage.recordRequest('key1', true);
    usage.recordRateLimited('key2');
    await usage.write();
    expect(added).toHaveLength(1);
    expect(added[0]!.get('key1')).toMatchObject({ requests: 2, errors: 1, rateLimited: 0 });
    expect(added[0]!.get('key2')).toMatchObject({ requests: 1, errors: 0, rateLimited: 1 });
    expect(added[0]!.get('key1')!.lastUsedAt).toBeInstanceOf(Date);

    await usage.write();
    expect(added).toHaveLength(1);

    usage.recordRequest('key1', false);
    fail(true);
    await expect(usage.write()).rejects.toThrow('database down');
    usage.recordRequest('key1', true);
    fail(false);
    await usage.write();
    expect(added[1]!.get('key1')).toMatchObject({ requests: 2, errors: 1, rateLimited: 0 });
    // This process's own counts (and /metrics) are not touched by writing.
    expect(usage.of('key1')).toMatchObject({ requests: 4, errors: 2, rateLimited: 0 });
  });
});
