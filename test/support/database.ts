import { randomBytes } from 'node:crypto';
import { createDatabase, ensureDatabaseExists, type Database } from '@cityhub/kit';
import pg from 'pg';
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
    async drop() {
      const admin = new URL(url);
      admin.pathname = '/postgres';
      const client = new pg.Client({ connectionString: admin.toString() });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}
