import { randomBytes } from 'node:crypto';
import { createDatabase, dropDatabase, ensureDatabaseExists, type Database } from '@cityhub/kit';
import { inject } from 'vitest';
// The types of what the global setup provides.
import type {} from './constants.js';

/** A handle on the run's seeded test database, in one subgraph's schema. */
export function testDatabase(schema: string): Database {
  return createDatabase({ url: inject('databaseUrl'), schema, poolMax: 4 });
}

/** A brand-new empty database on the test server, for tests that must start from nothing. */
export async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const url = new URL(inject('serverUrl'));
  const name = `cityhub_fresh_${randomBytes(5).toString('hex')}`;
  url.pathname = `/${name}`;
  await ensureDatabaseExists(url.toString());
  return {
    url: url.toString(),
    drop: () => dropDatabase(url.toString()),
  };
}
