import { createHash } from 'node:crypto';
import { pickedRecordOf } from '@cityhub/kit';

export interface ApiKey {
  id: string;
  name: string;
  department: string;
  /** The integrator application whose trusted documents the key may run. */
  application: string;
  scopes: string[];
  registeredOperationsOnly: boolean;
  requestsPerMinute: number;
}

/** A key as its managers see it: never the secret, only its state. */
export interface ApiKeyRecord extends ApiKey {
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  rotatedAt: Date | null;
  /** Until when the secret replaced by the last rotation is still accepted. */
  previousSecretExpiresAt: Date | null;
  lastUsedAt: Date | null;
}

export interface NewApiKey {
  name: string;
  department: string;
  application?: string;
  scopes: string[];
  registeredOperationsOnly: boolean;
  requestsPerMinute: number;
  expiresAt?: Date | null;
}

/** A key's use, summed over every gateway as far as they have written it (every few seconds). */
export interface ApiKeyUsageTotals {
  requests: number;
  errors: number;
  rateLimited: number;
  lastUsedAt: Date | null;
}

/** A recorded change of a key: who did what, when. */
export interface ApiKeyChange {
  keyId: string;
  action: 'created' | 'rotated' | 'expiry-set' | 'revoked';
  actor: string;
  detail: Record<string, unknown>;
  changedAt: Date;
}

/** A key's row as the table holds it (secret hashes included). */
export interface DbApiKeyRow {
  id: string;
  secret_hash: string;
  previous_secret_hash: string | null;
  previous_secret_expires_at: Date | null;
  name: string;
  department: string;
  application: string;
  scopes: string[];
  registered_operations_only: boolean;
  requests_per_minute: number;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
  rotated_at: Date | null;
  last_used_at: Date | null;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

const API_KEY_FIELDS: Array<keyof ApiKey> = [
  'id',
  'name',
  'department',
  'application',
  'scopes',
  'registeredOperationsOnly',
  'requestsPerMinute',
];
const RECORD_FIELDS: Array<keyof ApiKeyRecord> = [
  ...API_KEY_FIELDS,
  'createdAt',
  'expiresAt',
  'revokedAt',
  'rotatedAt',
  'previousSecretExpiresAt',
  'lastUsedAt',
];

export const toApiKey = (row: DbApiKeyRow) => pickedRecordOf<ApiKey>(row, API_KEY_FIELDS);
export const toRecord = (row: DbApiKeyRow) => pickedRecordOf<ApiKeyRecord>(row, RECORD_FIELDS);
