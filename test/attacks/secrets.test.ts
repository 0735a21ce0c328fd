import { parseConfigOrThrow, subgraphProcessEnvironment } from '@cityhub/kit';
import { describe, expect, it } from 'vitest';
import { gatewayEnvironment } from '../../gateway/src/config.js';
import { hubEnvironment } from '@cityhub/launcher';
import { riskEnvironment } from '../../subgraphs/risk/src/config.js';

/**
 * Development defaults of secrets are public (they are in the repository): a process uses them only
 * when its environment says development or test, and otherwise refuses to start, listing what is
 * missing. With the public PERSON_ID_KEY a masked ID number and a person id give back the full
 * number in some 36,500 hashes.
 */
const database = { DATABASE_URL: 'postgres://hub@db.example/cityhub' };
const refusal = (parse: () => unknown) => {
  try {
    parse();
  } catch (error) {
    return (error as Error).message;
  }
  return null;
};

describe('secrets without an explicit development environment', () => {
  it('a subgraph refuses to start without PERSON_ID_KEY and the gateway public key, listing both', () => {
    const message = refusal(() =>
      parseConfigOrThrow(subgraphProcessEnvironment('population', 4001), { ...database }),
    );
    expect(message).toMatch(/PERSON_ID_KEY/);
    expect(message).toMatch(/HUB_IDENTITY_PUBLIC_KEYS/);
    expect(
      refusal(() =>
        parseConfigOrThrow(subgraphProcessEnvironment('population', 4001), {
          ...database,
          NODE_ENV: 'production',
        }),
      ),
    ).toMatch(/PERSON_ID_KEY/);
  });

  it('uses the development defaults only when NODE_ENV or HUB_ENV says development or test', () => {
    for (const env of [{ NODE_ENV: 'development' }, { HUB_ENV: 'test' }])
      expect(
        parseConfigOrThrow(subgraphProcessEnvironment('population', 4001), {
          ...database,
          ...env,
        }).PERSON_ID_KEY,
      ).toBe('city-data-hub-development-person-key');
    // HUB_ENV wins over a NODE_ENV that a platform set for its own reasons.
    expect(
      refusal(() =>
        parseConfigOrThrow(subgraphProcessEnvironment('population', 4001), {
          ...database,
          NODE_ENV: 'development',
          HUB_ENV: 'production',
        }),
      ),
    ).toMatch(/PERSON_ID_KEY/);
  });

  it('the gateway refuses without JWT_SECRET and its identity key, and never embeds an explorer token outside development', () => {
    const message = refusal(() => parseConfigOrThrow(gatewayEnvironment, {}));
    expect(message).toMatch(/JWT_SECRET/);
    expect(message).toMatch(/HUB_IDENTITY_PRIVATE_KEY/);
    expect(
      refusal(() =>
        parseConfigOrThrow(gatewayEnvironment, {
          NODE_ENV: 'production',
          JWT_SECRET: 'a production secret of some length',
          HUB_IDENTITY_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\n…',
          EXPLORER_AUTHORIZATION: 'Bearer eyJ…',
        }),
      ),
    ).toMatch(/EXPLORER_AUTHORIZATION/);
    expect(parseConfigOrThrow(gatewayEnvironment, { NODE_ENV: 'development' }).JWT_SECRET).toBe(
      'city-data-hub-development-jwt-secret',
    );
  });

  it('the risk run holds no JWT_SECRET: it needs its own key outside development', () => {
    const message = refusal(() =>
      parseConfigOrThrow(riskEnvironment, { JWT_SECRET: 'the gateway secret, leaked here' }),
    );
    expect(message).toMatch(/RISK_RUN_PRIVATE_KEY/);
    const development = parseConfigOrThrow(riskEnvironment, {
      NODE_ENV: 'development',
      JWT_SECRET: 'the gateway secret, leaked here',
    });
    expect(development).not.toHaveProperty('JWT_SECRET');
  });

  it('npm start needs no settings (the launcher says development), but NODE_ENV=production needs every secret', () => {
    expect(parseConfigOrThrow(hubEnvironment, {}).PERSON_ID_KEY).toBe(
      'city-data-hub-development-person-key',
    );
    const message = refusal(() => parseConfigOrThrow(hubEnvironment, { NODE_ENV: 'production' }));
    expect(message).toMatch(/PERSON_ID_KEY/);
    expect(message).toMatch(/JWT_SECRET/);
  });
});
