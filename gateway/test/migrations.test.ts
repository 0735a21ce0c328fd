import { createDatabase, migrateDownAll, migrateUp } from '@cityhub/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../test/support/database.js';
import { documentIdOf } from '../src/access/trusted-documents.js';
import { gatewayMigrations } from '../src/migrations/index.js';

describe('gateway migrations on a fresh PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    database = await freshDatabase();
  });
  afterAll(async () => database.drop());

  it('carry operations registered by full-text hash over to trusted documents, and back down', async () => {
    const db = createDatabase({ url: database.url, schema: 'gateway' });
    const gate =
      'query Gate($id: String!) {\n  person(idNumber: $id) { healthCode { color } }\n}\n';
    try {
      await migrateUp(db, 'gateway', gatewayMigrations.slice(0, 1));
      await db('api_keys').insert([
        {
          id: 'gatekey00001',
          secret_hash: 'x'.repeat(64),
          name: 'gate',
          department: 'd',
          scopes: [],
          registered_operations_only: true,
          requests_per_minute: 10,
        },
        {
          id: 'openkey00001',
          secret_hash: 'y'.repeat(64),
          name: 'open',
          department: 'd',
          scopes: [],
          registered_operations_only: false,
          requests_per_minute: 10,
        },
      ]);
      await db('registered_operations').insert({
        sha256: 'z'.repeat(64),
        name: 'Gate',
        document: gate,
      });
      await migrateUp(db, 'gateway', gatewayMigrations);
      // Each key becomes its own application; the registered-only one keeps what it could run.
      expect(await db('api_keys').orderBy('id').pluck('application')).toEqual([
        'gatekey00001',
        'openkey00001',
      ]);
      expect(await db('trusted_documents').select('application', 'document_id')).toEqual([
        { application: 'gatekey00001', document_id: documentIdOf(gate) },
      ]);
      // The trusted-documents migration's down alone (its up again after), then all of them.
      const latest = gatewayMigrations.find(
        (migration) => migration.name === '20261130040000_trusted_documents',
      )!;
      await latest.down(db);
      expect(await db('registered_operations').pluck('document')).toEqual([gate]);
      await latest.up(db);
      await migrateDownAll(db, 'gateway', gatewayMigrations);
      await migrateUp(db, 'gateway', gatewayMigrations);
    } finally {
      await db.destroy();
    }
  });
});
