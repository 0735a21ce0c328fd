import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Knex } from 'knex';
import {
  sha256,
  toApiKey,
  toRecord,
  type ApiKey,
  type ApiKeyChange,
  type ApiKeyRecord,
  type DbApiKeyRow,
  type NewApiKey,
} from './api-key-records.js';
import { changesOf, recordChange } from './api-key-changes.js';
import { ApiKeyUsageStore } from './api-key-usage-store.js';

export * from './api-key-records.js';
export { ApiKeyUsageStore } from './api-key-usage-store.js';

/** Presented keys remembered (valid or not); the oldest is forgotten first. */
export const MAX_CACHED_KEYS = 10_000;
const CACHE_MS = 30_000;
/** Tells every gateway that a key changed (payload: its id), so that it forgets the cached key. */
export const API_KEY_CHANGED_CHANNEL = 'cityhub_api_key_changed';
const KEY_SHAPE = /^chk_([a-z0-9]{12})_([A-Za-z0-9_-]{32,64})$/;

function sameHash(stored: string | null, presented: string): boolean {
  return !!stored && timingSafeEqual(Buffer.from(stored), Buffer.from(presented));
}

/**
 * Integrators' API keys: `chk_<id>_<secret>`. Only a SHA-256 of the secret is stored (the secrets
 * are 256 random bits, so a slow hash adds nothing). Verified keys are cached briefly so that a
 * health-code gate does not cost a database read per request; rotating or revoking a key clears
 * this process's cache at once, other replicas within CACHE_MS.
 */
export class ApiKeyStore extends ApiKeyUsageStore {
  private readonly cache = new Map<string, { key: ApiKey | null; until: number }>();

  /** `actor`: who asks (a user id, or `cli`), recorded with the change. */
  async create(input: NewApiKey, actor = 'cli'): Promise<{ key: ApiKeyRecord; secret: string }> {
    const id = randomBytes(9)
      .toString('base64url')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '0')
      .slice(0, 12);
    const secret = randomBytes(32).toString('base64url');
    const row = await this.db.transaction(async (trx) => {
      const [created]: DbApiKeyRow[] = await trx('api_keys')
        .comment('gateway.createApiKey')
        .insert({
          id,
          secret_hash: sha256(secret),
          name: input.name,
          department: input.department,
          application: input.application ?? id,
          scopes: input.scopes,
          registered_operations_only: input.registeredOperationsOnly,
          requests_per_minute: input.requestsPerMinute,
          expires_at: input.expiresAt ?? null,
        })
        .returning('*');
      await recordChange(trx, id, 'created', actor, {
        application: created!.application,
        scopes: created!.scopes,
        registeredOperationsOnly: created!.registered_operations_only,
      });
      return created!;
    });
    return { key: toRecord(row), secret: `chk_${id}_${secret}` };
  }

  /**
   * A new secret for the key; the old one stays valid for `graceSeconds`, so that an integrator can
   * roll it out without a failed request.
   */
  async rotate(
    id: string,
    { graceSeconds, actor }: { graceSeconds: number; actor: string },
    now = new Date(),
  ): Promise<{ key: ApiKeyRecord; secret: string } | null> {
    const secret = randomBytes(32).toString('base64url');
    const row = await this.change(id, 'rotated', actor, { graceSeconds }, (trx) =>
      trx('api_keys')
        .comment('gateway.rotateApiKey')
        .where({ id })
        .whereNull('revoked_at')
        .update({
          previous_secret_hash: this.db.ref('secret_hash'),
          previous_secret_expires_at: new Date(now.getTime() + graceSeconds * 1000),
          secret_hash: sha256(secret),
          rotated_at: now,
        })
        .returning('*'),
    );
    return row ? { key: toRecord(row), secret: `chk_${id}_${secret}` } : null;
  }

  async revoke(id: string, actor: string, now = new Date()): Promise<ApiKeyRecord | null> {
    const row = await this.change(id, 'revoked', actor, {}, (trx) =>
      trx('api_keys')
        .comment('gateway.revokeApiKey')
        .where({ id })
        .update({ revoked_at: trx.raw('coalesce(revoked_at, ?)', [now]) })
        .returning('*'),
    );
    return row ? toRecord(row) : null;
  }

  /** Sets (or, with null, lifts) the moment the key stops working. */
  async expire(id: string, expiresAt: Date | null, actor: string): Promise<ApiKeyRecord | null> {
    const row = await this.change(id, 'expiry-set', actor, { expiresAt }, (trx) =>
      trx('api_keys')
        .comment('gateway.expireApiKey')
        .where({ id })
        .update({ expires_at: expiresAt })
        .returning('*'),
    );
    return row ? toRecord(row) : null;
  }

  /** A key's recorded changes, oldest first. */
  changes(id: string): Promise<ApiKeyChange[]> {
    return changesOf(this.db, id);
  }

  async byId(id: string): Promise<ApiKeyRecord | null> {
    const row: DbApiKeyRow | undefined = await this.db('api_keys')
      .comment('gateway.apiKeyRecordById')
      .where({ id })
      .first();
    return row ? toRecord(row) : null;
  }

  /** Every key, or a department's. */
  async list(department?: string): Promise<ApiKeyRecord[]> {
    const rows: DbApiKeyRow[] = await this.db('api_keys')
      .comment('gateway.listApiKeys')
      .modify((query) => {
        if (department) query.where({ department });
      })
      .orderBy('created_at');
    return rows.map(toRecord);
  }

  /** The key, or null when it is malformed, unknown, revoked, expired or its secret does not match. */
  async verify(presented: string, now = Date.now()): Promise<ApiKey | null> {
    const match = KEY_SHAPE.exec(presented);
    if (!match) return null;
    const cached = this.cache.get(presented);
    if (cached && cached.until > now) return cached.key;
    const [, id = '', secret = ''] = match;
    const row: DbApiKeyRow | undefined = await this.db('api_keys')
      .comment('gateway.apiKeyById')
      .where({ id })
      .first();
    const presentedHash = sha256(secret);
    const current = !!row && sameHash(row.secret_hash, presentedHash);
    const previous =
      !!row &&
      !current &&
      !!row.previous_secret_expires_at &&
      row.previous_secret_expires_at.getTime() > now &&
      sameHash(row.previous_secret_hash, presentedHash);
    const live = !!row && !row.revoked_at && (!row.expires_at || row.expires_at.getTime() > now);
    const key = live && (current || previous) ? toApiKey(row) : null;
    // Never cache a key past the moment it, or the old secret, stops being valid.
    const ends = [
      now + CACHE_MS,
      row?.expires_at?.getTime() ?? Infinity,
      previous ? row!.previous_secret_expires_at!.getTime() : Infinity,
    ];
    // Bounded: a flood of made-up keys must not grow the gateway's memory.
    if (this.cache.size >= MAX_CACHED_KEYS) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(presented, { key, until: Math.min(...ends) });
    return key;
  }

  /** Updates a key and records who did it, in one transaction; then forgets the cached key. */
  private async change(
    id: string,
    action: ApiKeyChange['action'],
    actor: string,
    detail: Record<string, unknown>,
    update: (trx: Knex.Transaction) => Promise<DbApiKeyRow[]>,
  ): Promise<DbApiKeyRow | null> {
    const row = await this.db.transaction(async (trx) => {
      const [updated] = await update(trx);
      if (updated) {
        await recordChange(trx, id, action, actor, detail);
        // Sent at commit: other processes (the gateways, when the API changed the key) forget it.
        await trx.raw('/* gateway.notifyApiKeyChanged */ SELECT pg_notify(?, ?)', [
          API_KEY_CHANGED_CHANNEL,
          id,
        ]);
      }
      return updated ?? null;
    });
    this.forget(id);
    return row;
  }

  /** Forgets the cached key `id`, or (without an id, e.g. after a lost notification) every key. */
  forget(id?: string): void {
    if (id === undefined) return this.cache.clear();
    for (const presented of this.cache.keys())
      if (presented.startsWith(`chk_${id}_`)) this.cache.delete(presented);
  }
}
