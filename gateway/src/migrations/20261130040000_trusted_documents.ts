import { printExecutableGraphQLDocument } from '@graphql-tools/documents';
import { parse } from 'graphql';
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';

export const name = '20261130040000_trusted_documents';

/**
 * Trusted documents bound to the application that registered them, found by the id graphql-codegen
 * emits; keys that belong to an application and can be rotated, expired and revoked, each change
 * recorded.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('api_keys', (t) => {
    // A key's trusted documents are its application's; until told otherwise a key is its own application.
    t.text('application');
    t.string('previous_secret_hash', 64);
    t.timestamp('previous_secret_expires_at', { useTz: true });
    t.timestamp('expires_at', { useTz: true });
    t.timestamp('rotated_at', { useTz: true });
    t.timestamp('last_used_at', { useTz: true });
  });
  await db('api_keys').update({ application: db.ref('id') });
  await db.schema.alterTable('api_keys', (t) => {
    t.text('application').notNullable().alter();
  });
  await db.schema.createTable('trusted_documents', (t) => {
    t.text('application').notNullable();
    t.string('document_id', 64).notNullable();
    t.text('operation_name');
    t.text('document').notNullable();
    t.timestamp('registered_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.primary(['application', 'document_id']);
  });
  // Who created, rotated, expired or revoked a key, and when: kept after the key is gone.
  await db.schema.createTable('api_key_changes', (t) => {
    t.bigIncrements('id');
    t.string('key_id', 16).notNullable().index();
    t.text('action').notNullable();
    t.text('actor').notNullable();
    t.jsonb('detail').notNullable().defaultTo('{}');
    t.timestamp('changed_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
  // Operations registered before were open to every registered-only key: each such key keeps them.
  const legacy: Array<{ name: string; document: string }> = await db(
    'registered_operations',
  ).select('name', 'document');
  const keys: Array<{ application: string }> = await db('api_keys')
    .where({ registered_operations_only: true })
    .select('application');
  for (const { application } of keys)
    for (const operation of legacy) {
      let normalized: string;
      try {
        normalized = printExecutableGraphQLDocument(parse(operation.document));
      } catch {
        continue;
      }
      await db('trusted_documents')
        .insert({
          application,
          document_id: createHash('sha256').update(normalized).digest('hex'),
          operation_name: operation.name,
          document: operation.document,
        })
        .onConflict(['application', 'document_id'])
        .ignore();
    }
  await db.schema.dropTable('registered_operations');
}

export async function down(db: Knex): Promise<void> {
  await db.schema.createTable('registered_operations', (t) => {
    t.string('sha256', 64).primary();
    t.text('name').notNullable();
    t.text('document').notNullable();
    t.timestamp('registered_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
  const documents: Array<{ operation_name: string | null; document: string }> = await db(
    'trusted_documents',
  ).select('operation_name', 'document');
  for (const row of documents)
    await db('registered_operations')
      .insert({
        sha256: createHash('sha256').update(row.document).digest('hex'),
        name: row.operation_name ?? 'unnamed',
        document: row.document,
      })
      .onConflict('sha256')
      .ignore();
  await db.schema.dropTable('trusted_documents');
  await db.schema.dropTable('api_key_changes');
  await db.schema.alterTable('api_keys', (t) => {
    t.dropColumns(
      'application',
      'previous_secret_hash',
      'previous_secret_expires_at',
      'expires_at',
      'rotated_at',
      'last_used_at',
    );
  });
}
