import { describe, expect, it, vi } from 'vitest';
import { graphql } from '../support/hub.js';
import { hub, codeOf, ROTATE, REVOKE, EXPIRE, KEY, withKey, create } from './keys-hub.js';

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
