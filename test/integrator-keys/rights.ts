import { createDatabase } from '@cityhub/kit';
import { describe, expect, inject, it } from 'vitest';
import { authHeaders, graphql } from '../support/hub.js';
import { hub, codeOf, ROTATE, REVOKE, EXPIRE, KEY, LIST, create } from './keys-hub.js';

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
