import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database } from '@cityhub/kit';

export interface ApiKey {
  id: string;
  name: string;
  department: string;
  scopes: string[];
  registeredOperationsOnly: boolean;
  requestsPerMinute: number;
}

interface DbApiKeyRow {
  id: string;
  secret_hash: string;
  name: string;
  department: string;
  scopes: string[];
  registered_operations_only: boolean;
  requests_per_minute: number;
  revoked_at: Date | null;
}

/** Presented keys remembered (valid or not); the oldest is forgotten first. */
export const MAX_CACHED_KEYS = 10_000;
const CACHE_MS = 30_000;
const KEY_SHAPE = /^chk_([a-z0-9]{12})_([A-Za-z0-9_-]{32,64})$/;

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Integrators' API keys: `chk_<id>_<secret>`. Only a SHA-256 of the secret is stored (the secrets
 * are 256 random bits, so a slow hash adds nothing). Verified keys are cached briefly so that a
 * health-code gate does not cost a database read per request.
 */
export class ApiKeyStore {
  private readonly cache = new Map<string, { key: ApiKey | null; until: number }>();
  private readonly operations = new Map<string, { registered: boolean; until: number }>();
  constructor(private readonly db: Database) {}

  async create(input: Omit<ApiKey, 'id'>): Promise<{ key: ApiKey; secret: string }> {
    const id = randomBytes(9)
      .toString('base64url')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '0')
      .slice(0, 12);
    const secret = randomBytes(32).toString('base64url');
    await this.db('api_keys')
      .comment('gateway.createApiKey')
      .insert({
        id,
        secret_hash: sha256(secret),
        name: input.name,
        department: input.department,
        scopes: input.scopes,
        registered_operations_only: input.registeredOperationsOnly,
        requests_per_minute: input.requestsPerMinute,
      });
    return { key: { id, ...input }, secret: `chk_${id}_${secret}` };
  }

  /** The key, or null when it is malformed, unknown, revoked or its secret does not match. */
  async verify(presented: string, now = Date.now()): Promise<ApiKey | null> {
    const match = KEY_SHAPE.exec(presented);
    if (!match) return null;
    const cached = this.cache.get(presented);
    if (cached && cached.until > now) return cached.key;
    const [, id, secret] = match as unknown as [string, string, string];
    const row: DbApiKeyRow | undefined = await this.db('api_keys')
      .comment('gateway.apiKeyById')
      .where({ id })
      .first();
    const valid =
      !!row &&
      !row.revoked_at &&
      timingSafeEqual(Buffer.from(row.secret_hash), Buffer.from(sha256(secret)));
    const key = valid
      ? {
          id: row.id,
          name: row.name,
          department: row.department,
          scopes: row.scopes,
          registeredOperationsOnly: row.registered_operations_only,
          requestsPerMinute: row.requests_per_minute,
        }
      : null;
    // Bounded: a flood of made-up keys must not grow the gateway's memory.
    if (this.cache.size >= MAX_CACHED_KEYS) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(presented, { key, until: now + CACHE_MS });
    return key;
  }

  async registerOperation(name: string, document: string): Promise<string> {
    const hash = sha256(document);
    await this.db('registered_operations')
      .comment('gateway.registerOperation')
      .insert({ sha256: hash, name, document })
      .onConflict('sha256')
      .ignore();
    this.operations.delete(hash);
    return hash;
  }

  async isRegistered(document: string, now = Date.now()): Promise<boolean> {
    const hash = sha256(document);
    const cached = this.operations.get(hash);
    if (cached && cached.until > now) return cached.registered;
    const registered = !!(await this.db('registered_operations')
      .comment('gateway.isRegistered')
      .where({ sha256: hash })
      .first('sha256'));
    this.operations.set(hash, { registered, until: now + CACHE_MS });
    return registered;
  }
}
