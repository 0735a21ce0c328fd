import { ApiKeyStore } from '@cityhub/gateway';
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/support/database.js';
import { testCaller } from '../../../test/support/hub.js';
import { KeyManager } from '../src/managers/key-manager.js';

const db = testDatabase('gateway');
afterAll(() => db.destroy());

describe('API keys refuse bad input whole', () => {
  it('reports every problem of a new key at once and creates nothing', async () => {
    const department = `dept-${Date.now().toString(36)}`;
    const keys = new KeyManager(new ApiKeyStore(db), testCaller());
    const input = {
      name: ' ',
      department,
      scopes: ['keys:manage', 'no:such-scope'],
      requestsPerMinute: 0,
      expiresAt: new Date('2000-01-01T00:00:00Z'),
    };
    await expect(keys.create(input)).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', argumentName: 'name' },
      problems: ['name', 'scopes', 'scopes', 'requestsPerMinute', 'expiresAt'].map((field) => ({
        field,
      })),
    });
    expect(await keys.list(department)).toEqual([]);
  });

  it("checks the caller's right to the department before the input", async () => {
    const officer = testCaller({
      roles: ['key-officer'],
      scopes: ['keys:manage-own'],
      department: 'health',
    });
    await expect(
      new KeyManager(new ApiKeyStore(db), officer).create({
        name: '',
        department: 'transport',
        scopes: [],
        requestsPerMinute: 0,
      }),
    ).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
  });
});
