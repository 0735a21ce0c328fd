import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ACCESS_HUB_SETTINGS, PERSON_QUERY, someone } from '../support/access.js';
import { codeOf } from '../support/answers.js';
import { graphql, testToken, useTestHubWith } from '../support/hub.js';

/** Tokens the gateway does not take: none, expired, forged, unsigned, or an unknown API key. */
const hub = useTestHubWith(ACCESS_HUB_SETTINGS);

function unsignedToken(header: object, payload: object, secret?: string): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const body = `${encode(header)}.${encode(payload)}`;
  return `${body}.${secret ? createHmac('sha256', secret).update(body).digest('base64url') : ''}`;
}

describe('callers the gateway refuses', () => {
  it('asks for a login when there is no token (geography stays public)', async () => {
    const response = await graphql(hub().gateway.url, PERSON_QUERY, { id: someone.idNumber }, {});
    expect(response.data?.person).toBeNull();
    expect(codeOf(response)).toBe('UNAUTHENTICATED');
    const geography = await graphql(
      hub().gateway.url,
      '{ district(code: "310104") { name streets { code } } }',
      undefined,
      {},
    );
    expect(geography.errors).toBeUndefined();
    expect(geography.data!.district.streets).toHaveLength(13);
  });

  it('refuses an expired token, a forged signature and alg "none" with HTTP 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      sub: 'x',
      roles: ['admin'],
      iss: 'city-data-hub',
      aud: 'city-data-hub',
      iat: now - 7200,
      exp: now - 3600,
    };
    const expired = unsignedToken(
      { alg: 'HS256', typ: 'JWT' },
      claims,
      'city-data-hub-test-jwt-secret',
    );
    const forged = unsignedToken(
      { alg: 'HS256', typ: 'JWT' },
      { ...claims, exp: now + 3600 },
      'not-the-hub-secret-at-all',
    );
    const none = unsignedToken({ alg: 'none', typ: 'JWT' }, { ...claims, exp: now + 3600 });
    for (const [token, message] of [
      [expired, 'The token has expired.'],
      [forged, 'The token is not valid.'],
      [none, 'The token is not valid.'],
    ] as const) {
      const response = await graphql(
        hub().gateway.url,
        PERSON_QUERY,
        { id: someone.idNumber },
        { authorization: `Bearer ${token}` },
      );
      expect(response.status).toBe(401);
      expect(response.errors![0]).toMatchObject({
        message,
        extensions: { code: 'UNAUTHENTICATED' },
      });
      expect(response.data ?? null).toBeNull();
    }
  });

  it('stops accepting a token the moment it expires, although verified tokens are remembered', async () => {
    const token = await testToken({ expiresIn: '2s' });
    const query = '{ districts { code } }';
    expect(
      (await graphql(hub().gateway.url, query, undefined, { authorization: `Bearer ${token}` }))
        .status,
    ).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 3_100));
    const late = await graphql(hub().gateway.url, query, undefined, {
      authorization: `Bearer ${token}`,
    });
    expect(late.status).toBe(401);
    expect(late.errors![0]!.message).toBe('The token has expired.');
  });

  it('refuses an unknown API key', async () => {
    const response = await graphql(hub().gateway.url, '{ districts { code } }', undefined, {
      'x-api-key': 'chk_abcdefghijkl_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    });
    expect(response.status).toBe(401);
  });
});
