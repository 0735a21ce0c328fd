import type { ApiKeyChange, ApiKeyRecord, ApiKeyStore } from '@cityhub/gateway';
import {
  BadUserInputError,
  ForbiddenError,
  InputProblems,
  SCOPES,
  hasScope,
  type Caller,
} from '@cityhub/kit';
import { REFUSALS, refuse } from '../refusals.js';

export interface CreateKeyInput {
  name: string;
  department?: string | null;
  application?: string | null;
  scopes: string[];
  registeredOperationsOnly?: boolean | null;
  requestsPerMinute: number;
  expiresAt?: Date | null;
}

export type KeyState = 'ACTIVE' | 'EXPIRED' | 'REVOKED';

/** A key is revoked for good, expired once its time has passed, else active. */
export function keyStateOf(key: ApiKeyRecord, now = Date.now()): KeyState {
  if (key.revokedAt) return 'REVOKED';
  if (key.expiresAt && key.expiresAt.getTime() <= now) return 'EXPIRED';
  return 'ACTIVE';
}

/** Longest overlap of an old and a new secret after a rotation. */
export const MAX_GRACE_SECONDS = 30 * 24 * 3600;
const MAX_REQUESTS_PER_MINUTE = 100_000;
/** Managing keys never travels with a key: a leaked key must not mint or revive keys. */
const KEY_SCOPES: string[] = [SCOPES.keysManage, SCOPES.keysManageOwn];

/**
 * Who may do what to integrators' keys: holders of `keys:manage` to every key, holders of
 * `keys:manage-own` to their own department's; only signed-in users, never a key or a service.
 * A key is given only scopes its creator holds, so that managing keys grants nothing more.
 */
export class KeyManager {
  constructor(
    private readonly store: ApiKeyStore,
    private readonly caller: Caller,
  ) {}

  /**
   * The caller's right to the department is checked first; then every problem of the input is
   * reported at once; then each scope must be one the caller holds.
   */
  async create(input: CreateKeyInput): Promise<{ key: ApiKeyRecord; secret: string }> {
    const department = input.department ?? this.caller.department;
    if (department) this.requireDepartment(department);
    const problems = new InputProblems();
    if (!department) problems.add('department', 'say which department the key is for');
    if (!input.name.trim()) problems.add('name', 'must not be empty');
    const known = new Set<string>(Object.values(SCOPES));
    for (const scope of input.scopes)
      if (!known.has(scope) || KEY_SCOPES.includes(scope))
        problems.add('scopes', `${scope} is not a scope a key can have`);
    if (
      !Number.isInteger(input.requestsPerMinute) ||
      input.requestsPerMinute < 1 ||
      input.requestsPerMinute > MAX_REQUESTS_PER_MINUTE
    )
      problems.add(
        'requestsPerMinute',
        `must be a whole number from 1 to ${MAX_REQUESTS_PER_MINUTE}`,
      );
    if (input.expiresAt && input.expiresAt.getTime() <= Date.now())
      problems.add('expiresAt', 'must be in the future');
    problems.throwIfAny();
    for (const scope of input.scopes)
      if (!hasScope(this.caller, scope))
        throw new ForbiddenError(`You cannot give a key the scope ${scope}: you do not hold it.`);
    return this.store.create(
      {
        name: input.name.trim(),
        department: department!,
        application: input.application ?? undefined,
        scopes: [...new Set(input.scopes)],
        registeredOperationsOnly: input.registeredOperationsOnly ?? false,
        requestsPerMinute: input.requestsPerMinute,
        expiresAt: input.expiresAt ?? null,
      },
      this.actor(),
    );
  }

  /** Every key the caller may manage, or one department's. */
  async list(department?: string | null): Promise<ApiKeyRecord[]> {
    this.requireUser();
    if (hasScope(this.caller, SCOPES.keysManage)) return this.store.list(department ?? undefined);
    const own = this.ownDepartment();
    if (department && department !== own) this.refuse(department);
    return this.store.list(own);
  }

  async byId(id: string): Promise<ApiKeyRecord> {
    this.requireUser();
    const key = await this.store.byId(id);
    if (!key) throw new BadUserInputError('id', 'no such key');
    this.requireDepartment(key.department);
    return key;
  }

  async rotate(id: string, graceSeconds: number): Promise<{ key: ApiKeyRecord; secret: string }> {
    if (!Number.isInteger(graceSeconds) || graceSeconds < 0 || graceSeconds > MAX_GRACE_SECONDS)
      throw new BadUserInputError('graceSeconds', `must be from 0 to ${MAX_GRACE_SECONDS}`);
    const key = await this.byId(id);
    if (key.revokedAt) refuse(REFUSALS.keyRevoked, 'A revoked key cannot be rotated.');
    const rotated = await this.store.rotate(id, { graceSeconds, actor: this.actor() });
    if (!rotated) return refuse(REFUSALS.keyRevoked, 'A revoked key cannot be rotated.');
    return rotated;
  }

  async expire(id: string, expiresAt: Date | null): Promise<ApiKeyRecord> {
    const key = await this.byId(id);
    if (key.revokedAt) refuse(REFUSALS.keyRevoked, 'A revoked key stays revoked.');
    return (await this.store.expire(id, expiresAt, this.actor()))!;
  }

  async revoke(id: string): Promise<ApiKeyRecord> {
    await this.byId(id);
    return (await this.store.revoke(id, this.actor()))!;
  }

  /** The key's recorded changes, oldest first (the key is checked first). */
  async changes(key: ApiKeyRecord): Promise<ApiKeyChange[]> {
    return this.store.changes(key.id);
  }

  private actor(): string {
    return `user:${this.caller.id}`;
  }

  private requireUser(): void {
    if (this.caller.kind !== 'user')
      throw new ForbiddenError('API keys are managed by signed-in users only.');
  }

  private ownDepartment(): string {
    if (!hasScope(this.caller, SCOPES.keysManageOwn) || !this.caller.department)
      throw new ForbiddenError(
        `This needs the scope ${SCOPES.keysManage} or ${SCOPES.keysManageOwn}.`,
      );
    return this.caller.department;
  }

  private requireDepartment(department: string): void {
    this.requireUser();
    if (hasScope(this.caller, SCOPES.keysManage)) return;
    if (this.ownDepartment() !== department) this.refuse(department);
  }

  private refuse(department: string): never {
    throw new ForbiddenError(`You manage your own department's keys only, not ${department}'s.`, {
      department,
    });
  }
}
