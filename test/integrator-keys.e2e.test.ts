import { createDatabase } from '@cityhub/kit';
import type { InProcessHub } from '@cityhub/launcher';
import { SUBGRAPHS } from '@cityhub/schema';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { authHeaders, graphql, startTestHub, type GraphQLResponse } from './support/hub.js';

let hub: InProcessHub;
beforeAll(async () => {
  hub = await startTestHub(
    SUBGRAPHS.filter((entry) => ['integrators', 'population', 'audit'].includes(entry.name)),
  );
});
afterAll(async () => hub?.stop());

const codeOf = (response: GraphQLResponse) => response.errors?.[0]?.extensions?.code;
const KEY_FIELDS = `id department state scopes revokedAt previousSecretExpiresAt
  usage { requests errors rateLimited lastUsedAt }
  changes { action actor changedAt detail }`;
const CREATE = `mutation Create($input: CreateApiKeyInput!) {
  createApiKey(input: $input) { secret key { ${KEY_FIELDS} } }
}`;
const ROTATE = `mutation Rotate($id: ID!, $grace: Int) {
  rotateApiKey(id: $id, graceSeconds: $grace) { secret key { ${KEY_FIELDS} } }
}`;
const REVOKE = `mutation Revoke($id: ID!) { revokeApiKey(id: $id) { ${KEY_FIELDS} } }`;
const EXPIRE = `mutation Expire($id: ID!, $at: DateTime) {
  expireApiKey(id: $id, expiresAt: $at) { ${KEY_FIELDS} }
}`;
const KEY = `query Key($id: ID!) { apiKey(id: $id) { ${KEY_FIELDS} } }`;
const LIST = `query Keys($department: String) { apiKeys(department: $department) { id department } }`;
const DISTRICTS = '{ districts { code } }';

/** A districts query made with the key: 200 while it is valid, 401 once it is not. */
async function withKey(secret: string) {
  return graphql(hub.gateway.url, DISTRICTS, undefined, {
    'x-api-key': secret,
    'x-purpose': 'health-code-check',
  });
}

async function create(
  input: Record<string, unknown>,
  headers?: Record<string, string>,
): Promise<GraphQLResponse> {
  return graphql(
    hub.gateway.url,
    CREATE,
    {
      input: { name: 'metro gate', scopes: ['population:read'], requestsPerMinute: 1000, ...input },
    },
    headers,
  );
}

describe('managing integrators keys through the API', () => {
  it('creates a key that works, rotates it with a grace period, revokes it, and records every change', async () => {
    const created = await create({ department: 'health' });
    expect(created.errors).toBeUndefined();
    const { secret, key } = created.data!.createApiKey;
    expect(secret).toMatch(new RegExp(`^chk_${key.id}_`));
    expect(key).toMatchObject({ department: 'health', state: 'ACTIVE' });
    expect((await withKey(secret)).status).toBe(200);

    const rotated = await graphql(hub.gateway.url, ROTATE, { id: key.id, grace: 2 });
    expect(rotated.errors).toBeUndefined();
    const renewed: string = rotated.data!.rotateApiKey.secret;
    expect(renewed).not.toBe(secret);
    // During the grace period both secrets work.
    expect((await withKey(renewed)).status).toBe(200);
    expect((await withKey(secret)).status).toBe(200);
    const graceEnds = new Date(rotated.data!.rotateApiKey.key.previousSecretExpiresAt).getTime();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, graceEnds - Date.now()) + 50));
    expect((await withKey(secret)).status).toBe(401);
    expect((await withKey(renewed)).status).toBe(200);

    const revoked = await graphql(hub.gateway.url, REVOKE, { id: key.id });
    expect(revoked.data!.revokeApiKey.state).toBe('REVOKED');
    // The gateway hears of the change by NOTIFY, after the subgraph's commit.
    await vi.waitFor(async () => expect((await withKey(renewed)).status).toBe(401), {
      timeout: 5_000,
      interval: 50,
    });
    const again = await graphql(hub.gateway.url, ROTATE, { id: key.id });
    expect(codeOf(again)).toBe('KEY_REVOKED');

    const log = await graphql(hub.gateway.url, KEY, { id: key.id });
    const changes = log.data!.apiKey.changes;
    expect(changes.map((change: { action: string }) => change.action)).toEqual([
      'created',
      'rotated',
      'revoked',
    ]);
    for (const change of changes) {
      expect(change.actor).toBe('user:test-user');
      expect(Number.isNaN(Date.parse(change.changedAt))).toBe(false);
    }
    expect(JSON.parse(changes[1].detail)).toEqual({ graceSeconds: 2 });
  });

  it('expires a key at the moment set, and lifts the expiry', async () => {
    const { secret, key } = (await create({ department: 'health' })).data!.createApiKey;
    expect((await withKey(secret)).status).toBe(200);
    const expired = await graphql(hub.gateway.url, EXPIRE, {
      id: key.id,
      at: new Date(Date.now() - 1000).toISOString(),
    });
    expect(expired.data!.expireApiKey.state).toBe('EXPIRED');
    await vi.waitFor(async () => expect((await withKey(secret)).status).toBe(401), {
      timeout: 5_000,
      interval: 50,
    });
    const lifted = await graphql(hub.gateway.url, EXPIRE, { id: key.id, at: null });
    expect(lifted.data!.expireApiKey.state).toBe('ACTIVE');
    await vi.waitFor(async () => expect((await withKey(secret)).status).toBe(200), {
      timeout: 5_000,
      interval: 50,
    });
    const changes = (await graphql(hub.gateway.url, KEY, { id: key.id })).data!.apiKey.changes;
    expect(changes.map((change: { action: string }) => change.action)).toEqual([
      'created',
      'expiry-set',
      'expiry-set',
    ]);
  });

  it('shows requests, errors, rate-limit hits and the last use of each key', async () => {
    const { secret, key } = (await create({ department: 'health', requestsPerMinute: 3 })).data!
      .createApiKey;
    expect((await withKey(secret)).status).toBe(200);
    const failed = await graphql(hub.gateway.url, '{ districts { nope } }', undefined, {
      'x-api-key': secret,
      'x-purpose': 'health-code-check',
    });
    expect(failed.errors).toBeDefined();
    expect((await withKey(secret)).status).toBe(200);
    expect((await withKey(secret)).status).toBe(429);
    // The gateway writes its counts every few seconds; write them now rather than wait.
    await hub.gateway.keyUsage.write();
    const { usage } = (await graphql(hub.gateway.url, KEY, { id: key.id })).data!.apiKey;
    expect(usage).toMatchObject({ requests: 4, errors: 1, rateLimited: 1 });
    expect(Date.parse(usage.lastUsedAt)).toBeGreaterThan(Date.now() - 60_000);
    // Written once: a second write adds nothing.
    await hub.gateway.keyUsage.write();
    const after = (await graphql(hub.gateway.url, KEY, { id: key.id })).data!.apiKey.usage;
    expect(after.requests).toBe(4);
  });
});

describe('who may manage keys', () => {
  it("lets a department's key officer manage its own keys and no other department's", async () => {
    const transport = (await create({ department: 'transport' })).data!.createApiKey.key;
    const officer = await authHeaders({
      subject: 'health-officer',
      department: 'health',
      roles: ['key-officer', 'district-official'],
    });
    const own = await create({ department: 'health' }, officer);
    expect(own.errors).toBeUndefined();
    const byDefault = await create({}, officer);
    expect(byDefault.data!.createApiKey.key.department).toBe('health');

    const listed = await graphql(hub.gateway.url, LIST, {}, officer);
    const departments = new Set(
      listed.data!.apiKeys.map((key: { department: string }) => key.department),
    );
    expect([...departments]).toEqual(['health']);
    expect(codeOf(await graphql(hub.gateway.url, LIST, { department: 'transport' }, officer))).toBe(
      'FORBIDDEN',
    );
    expect(codeOf(await create({ department: 'transport' }, officer))).toBe('FORBIDDEN');
    for (const mutation of [REVOKE, ROTATE, EXPIRE]) {
      const refused = await graphql(hub.gateway.url, mutation, { id: transport.id }, officer);
      expect(codeOf(refused)).toBe('FORBIDDEN');
    }
    const untouched = (await graphql(hub.gateway.url, KEY, { id: transport.id })).data!.apiKey;
    expect(untouched.state).toBe('ACTIVE');
    expect(untouched.changes).toHaveLength(1);
  });

  it('never lets a key officer give a key a scope the officer does not hold', async () => {
    const officer = await authHeaders({
      subject: 'bare-officer',
      department: 'health',
      roles: ['key-officer'],
    });
    expect(codeOf(await create({ department: 'health' }, officer))).toBe('FORBIDDEN');
    expect(codeOf(await create({ department: 'health', scopes: ['keys:manage'] }, officer))).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('refuses callers without a key-managing scope', async () => {
    const viewer = await authHeaders({
      subject: 'screen',
      department: 'health',
      roles: ['viewer'],
    });
    expect(codeOf(await graphql(hub.gateway.url, LIST, {}, viewer))).toBe('FORBIDDEN');
    expect(codeOf(await create({ department: 'health' }, viewer))).toBe('FORBIDDEN');
    const anonymous = await graphql(
      hub.gateway.url,
      LIST,
      {},
      { 'x-purpose': 'health-code-check' },
    );
    expect(['UNAUTHENTICATED', 'FORBIDDEN']).toContain(codeOf(anonymous));
  });
});

describe("the integrators subgraph's database rights", () => {
  it('may change keys and append to their change log, but not rewrite it nor read a department', async () => {
    await create({ department: 'health' });
    const db = createDatabase({
      url: inject('databaseUrl'),
      schema: 'gateway',
      role: 'cityhub_gateway_runtime',
      poolMax: 1,
    });
    try {
      expect(Number((await db('api_key_changes').count({ n: '*' }))[0]!.n)).toBeGreaterThan(0);
      await expect(db('api_key_changes').delete()).rejects.toThrow(/permission denied/);
      await expect(db('api_key_changes').update({ actor: 'nobody' })).rejects.toThrow(
        /permission denied/,
      );
      await expect(db.raw('select 1 from population.persons limit 1')).rejects.toThrow(
        /permission denied/,
      );
    } finally {
      await db.destroy();
    }
  });
});
