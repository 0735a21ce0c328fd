import { describe, expect, it } from 'vitest';
import { groupLoader, objectKeyedLoader, rowLoader } from '../src/loaders.js';
import { connectionFrom, decodeCursor, encodeCursor, pageOf } from '../src/connection.js';

describe('loaders', () => {
  it('keep the order of the keys, give null for a missing key, and batch into one fetch', async () => {
    const batches: string[][] = [];
    const loader = rowLoader(
      async (keys: readonly string[]) => {
        batches.push([...keys]);
        return [{ code: 'b' }, { code: 'a' }];
      },
      (row) => row.code,
    );
    const rows = await Promise.all(['a', 'missing', 'b'].map((key) => loader.load(key)));
    expect(rows).toEqual([{ code: 'a' }, null, { code: 'b' }]);
    expect(batches).toEqual([['a', 'missing', 'b']]);
  });

  it('give every key its group, [] when it has none', async () => {
    const loader = groupLoader(
      async () => [
        { street: 's1', n: 1 },
        { street: 's2', n: 2 },
        { street: 's1', n: 3 },
      ],
      (row) => row.street,
    );
    expect(await loader.loadMany(['s2', 's3', 's1'])).toEqual([
      [{ street: 's2', n: 2 }],
      [],
      [
        { street: 's1', n: 1 },
        { street: 's1', n: 3 },
      ],
    ]);
  });

  it('compare object keys by value', async () => {
    let calls = 0;
    const loader = objectKeyedLoader<{ a: number }, number>(async (keys) => {
      calls++;
      return keys.map((key) => key.a * 2);
    });
    expect(
      await Promise.all([loader.load({ a: 1 }), loader.load({ a: 1 }), loader.load({ a: 2 })]),
    ).toEqual([2, 2, 4]);
    expect(calls).toBe(1);
  });
});

describe('connections', () => {
  it('refuse a page above the limit with BAD_USER_INPUT naming `first`', () => {
    expect(() => pageOf({ first: 501 })).toThrow(/Invalid first: must be at most 500/);
    expect(() => pageOf({ first: -1 })).toThrow(/Invalid first/);
    expect(pageOf({})).toEqual({ limit: 50, afterKey: null });
  });

  it('round-trip cursors and refuse foreign ones', () => {
    expect(decodeCursor(encodeCursor('3101040030001'))).toBe('3101040030001');
    expect(() => decodeCursor('bm90LWEtY3Vyc29y')).toThrow(/Invalid after/);
  });

  it('use the extra row to tell whether another page follows', () => {
    const page = connectionFrom(['a', 'b', 'c'], { limit: 2, afterKey: null }, (row) => row);
    expect(page.edges.map((edge) => edge.node)).toEqual(['a', 'b']);
    expect(page.pageInfo).toMatchObject({
      hasNextPage: true,
      hasPreviousPage: false,
      endCursor: encodeCursor('b'),
    });
  });
});
