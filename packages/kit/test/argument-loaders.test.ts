import { describe, expect, it } from 'vitest';
import {
  countLoaderByArguments,
  groupLoaderByArguments,
  rowLoaderByArguments,
  rowLoaderOr,
} from '../src/argument-loaders.js';
import { camelCase, columnsOf, recordOf, type Snaked } from '../src/store.js';
import { InputProblems, BadUserInputError } from '../src/errors.js';

interface WindowKey {
  code: string;
  from: string;
  to: string;
}

describe('loaders by arguments', () => {
  it('run one fetch per distinct set of arguments and give each key its own rows', async () => {
    const fetches: Array<{ codes: string[]; from: string }> = [];
    const loader = groupLoaderByArguments(
      'code',
      async (codes, window: WindowKey) => {
        fetches.push({ codes: [...codes], from: window.from });
        return codes.flatMap((code) => [{ code, from: window.from }]);
      },
      (row) => row.code,
    );
    const answers = await Promise.all([
      loader.load({ code: 'a', from: '2020-01-01', to: '2020-01-07' }),
      loader.load({ code: 'b', from: '2020-01-01', to: '2020-01-07' }),
      loader.load({ code: 'a', from: '2020-02-01', to: '2020-02-07' }),
    ]);
    expect(fetches).toEqual([
      { codes: ['a', 'b'], from: '2020-01-01' },
      { codes: ['a'], from: '2020-02-01' },
    ]);
    expect(answers).toEqual([
      [{ code: 'a', from: '2020-01-01' }],
      [{ code: 'b', from: '2020-01-01' }],
      [{ code: 'a', from: '2020-02-01' }],
    ]);
  });

  it('count 0 for a key without a row, and fall back to a default row', async () => {
    const counts = countLoaderByArguments(
      'code',
      async (_codes, _window: WindowKey) => [{ key: 'a', total: 4 }],
      (row) => row.key,
    );
    expect(
      await counts.loadMany([
        { code: 'a', from: '1', to: '2' },
        { code: 'z', from: '1', to: '2' },
      ]),
    ).toEqual([4, 0]);
    const rows = rowLoaderOr(
      async () => [{ key: 'a', total: 2 }],
      (row) => row.key,
      (key) => ({ key, total: 0 }),
    );
    expect(await rows.loadMany(['z', 'a'])).toEqual([
      { key: 'z', total: 0 },
      { key: 'a', total: 2 },
    ]);
  });
});

describe('one row per key and arguments', () => {
  it('give the first row of the key, null when it has none', async () => {
    const loader = rowLoaderByArguments(
      'code',
      async (codes, { date }: { code: string; date: string }) =>
        codes.filter((code) => code !== 'z').map((code) => ({ code, date })),
      (row) => row.code,
    );
    expect(
      await loader.loadMany([
        { code: 'a', date: '1' },
        { code: 'z', date: '1' },
        { code: 'a', date: '2' },
      ]),
    ).toEqual([{ code: 'a', date: '1' }, null, { code: 'a', date: '2' }]);
  });
});

describe('camelCase records', () => {
  it('map a row to its record and a record to its columns, top-level names only', () => {
    interface Reading {
      healthCodeChangedAt: string;
      documentSha256: string;
      personIds: string[];
    }
    const row: Snaked<Reading> = {
      health_code_changed_at: '2026-11-30',
      document_sha256: 'ab',
      person_ids: ['p_1'],
    };
    expect(camelCase('health_code_changed_at')).toBe('healthCodeChangedAt');
    expect(recordOf<Reading>(row)).toEqual({
      healthCodeChangedAt: '2026-11-30',
      documentSha256: 'ab',
      personIds: ['p_1'],
    });
    expect(columnsOf(recordOf<Reading>(row))).toEqual(row);
  });
});

describe('input problems', () => {
  it('record a check under the argument its error names when no field is given', () => {
    const problems = new InputProblems();
    problems.check(null, () => {
      throw new BadUserInputError('to', 'the window may span at most 7 days');
    });
    problems.check('after', () => {
      throw new BadUserInputError('cursor', 'not a cursor of this list');
    });
    expect(problems.list).toEqual([
      { field: 'to', reason: 'the window may span at most 7 days' },
      { field: 'after', reason: 'not a cursor of this list' },
    ]);
    expect(() => problems.throwIfAny()).toThrow(/2 problem/);
  });
});
