import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type {} from '../../../test/support/constants.js';
import { createDatabase, prepared, textArray, type Database } from '../src/database.js';

const databaseUrl = inject('databaseUrl');
const schema = `prepared_${randomBytes(4).toString('hex')}`;
const opened: Database[] = [];

function open(preparedStatements: boolean): Database {
  // One connection, so that the statements prepared on it can be seen from it.
  const db = createDatabase({ url: databaseUrl, schema, poolMax: 1, preparedStatements });
  opened.push(db);
  return db;
}

async function preparedNames(db: Database): Promise<string[]> {
  const { rows } = await db.raw<{ rows: Array<{ name: string }> }>(
    'select name from pg_prepared_statements order by name',
  );
  return rows.map((row) => row.name);
}

const lookup = (db: Database, codes: string[]) =>
  prepared(
    db,
    'test.byCode',
    db('things')
      .select('code')
      .whereRaw('code = any(?::text[])', [textArray(codes)])
      .orderBy('code'),
  );

describe('prepared statements', () => {
  afterAll(async () => {
    await opened[0]?.raw(`drop schema if exists ${schema} cascade`);
    await Promise.all(opened.map((db) => db.destroy()));
  });

  it('sends a marked lookup as one named statement whatever the size of its list', async () => {
    const db = open(true);
    await db.raw(`create schema ${schema}`);
    await db.raw(`create table ${schema}.things (code varchar(20) primary key)`);
    await db('things').insert(['a', 'b', 'c', 'd'].map((code) => ({ code })));
    expect(await lookup(db, ['b'])).toEqual([{ code: 'b' }]);
    expect(await lookup(db, ['d', 'a', 'x'])).toEqual([{ code: 'a' }, { code: 'd' }]);
    expect(await preparedNames(db)).toEqual(['test.byCode']);
  });

  it('answers many concurrent lookups over a small pool, each connection preparing once', async () => {
    const db = createDatabase({ url: databaseUrl, schema, poolMax: 2, preparedStatements: true });
    opened.push(db);
    const answers = await Promise.all(
      Array.from({ length: 24 }, (_, index) => lookup(db, [['a', 'b', 'c', 'd'][index % 4]!])),
    );
    expect(answers).toEqual(
      Array.from({ length: 24 }, (_, index) => [{ code: ['a', 'b', 'c', 'd'][index % 4] }]),
    );
  });

  it('sends the same lookup as a plain statement when the database is opened without them', async () => {
    const db = open(false);
    expect(await lookup(db, ['c', 'b'])).toEqual([{ code: 'b' }, { code: 'c' }]);
    expect(await preparedNames(db)).toEqual([]);
  });

  it('binds a list with quotes, backslashes, commas and braces as the very strings given', async () => {
    const db = open(true);
    const values = ['plain', 'with "quotes"', 'back\\slash', 'a,b', '{braced}', ''];
    const { rows } = await db.raw<{ rows: Array<{ value: string }> }>(
      'select unnest(?::text[]) as value',
      [textArray(values)],
    );
    expect(rows.map((row) => row.value)).toEqual(values);
  });
});
