import { recordsOf, type Database } from '@cityhub/kit';
import type { Knex } from 'knex';
import type { ApiKeyChange } from './api-key-records.js';

/** The record of a change of key `keyId`: who did what, with what detail (in the change's transaction). */
export function recordChange(
  trx: Knex.Transaction,
  keyId: string,
  action: ApiKeyChange['action'],
  actor: string,
  detail: Record<string, unknown>,
) {
  return trx('api_key_changes')
    .comment('gateway.recordApiKeyChange')
    .insert({ key_id: keyId, action, actor, detail: JSON.stringify(detail) });
}

/** A key's recorded changes, oldest first. */
export function changesOf(db: Database, id: string): Promise<ApiKeyChange[]> {
  return recordsOf<ApiKeyChange>(
    db('api_key_changes')
      .comment('gateway.apiKeyChanges')
      .select('key_id', 'action', 'actor', 'detail', 'changed_at')
      .where({ key_id: id })
      .orderBy('id'),
  );
}
