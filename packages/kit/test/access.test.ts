import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, type GraphQLObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { refusalFor, ruleFor } from '../src/access-rules.js';
import { ANONYMOUS, type Caller } from '../src/caller.js';
import { createPublicKey } from 'node:crypto';
import {
  IdentitySigner,
  IdentityVerifier,
  bodyDigest,
  derivedIdentityKey,
} from '../src/identity-header.js';
import { mask } from '../src/masking.js';
import { scopesOfRoles } from '../src/roles.js';

const schema = buildSubgraphSchema(
  parse(`
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@authenticated", "@requiresScopes"])
    directive @pii(kind: String!) on FIELD_DEFINITION
    directive @public on FIELD_DEFINITION
    type Query { open: String @public  closed: String  people: [Person!]! }
    type Person @key(fields: "id") @requiresScopes(scopes: [["population:read"]]) {
      id: ID!
      name: String! @pii(kind: "NAME")
      note: String @requiresScopes(scopes: [["a", "b"], ["c"]])
    }
  `),
);
const field = (type: string, name: string) => {
  const parent = schema.getType(type) as GraphQLObjectType;
  return ruleFor(parent, parent.getFields()[name]!);
};
const caller = (scopes: string[]): Caller => ({ ...ANONYMOUS, kind: 'user', id: 'u', scopes });

describe('access rules from the schema', () => {
  it('require a login on root fields unless @public', () => {
    expect(refusalFor(ANONYMOUS, field('Query', 'open'))).toBeNull();
    expect(refusalFor(ANONYMOUS, field('Query', 'closed'))?.message).toBe(
      'Authentication required.',
    );
    expect(refusalFor(caller([]), field('Query', 'closed'))).toBeNull();
  });

  it("apply a type's scopes to its fields and to fields returning it; field scopes are alternatives of sets", () => {
    expect(refusalFor(caller([]), field('Query', 'people'))?.message).toMatch(/population:read/);
    expect(refusalFor(caller(['population:read']), field('Person', 'name'))).toBeNull();
    expect(field('Person', 'name').pii).toBe('NAME');
    expect(refusalFor(caller(['population:read', 'a']), field('Person', 'note'))?.message).toBe(
      'This needs the scope a and b or c.',
    );
    expect(refusalFor(caller(['population:read', 'a', 'b']), field('Person', 'note'))).toBeNull();
    expect(refusalFor(caller(['population:read', 'c']), field('Person', 'note'))).toBeNull();
    expect(refusalFor(caller(['c']), field('Person', 'note'))?.message).toMatch(/population:read/);
  });
});

describe('masking', () => {
  it('shows only what printed forms show', () => {
    expect(mask('ID_NUMBER', '31010419860215123X')).toBe('310104********123X');
    expect(mask('NAME', '张三丰')).toBe('张**');
    expect(mask('NAME', '李')).toBe('*');
    expect(mask('PHONE', '13812345678')).toBe('138****5678');
    expect(mask('ADDRESS', '古美路484弄7号602室')).toBe('古美路****');
    expect(mask('PLATE', '沪A12345')).toBe('沪A***5');
  });
});

describe('the identity header', () => {
  const official: Caller = {
    kind: 'user',
    id: 'u1',
    department: 'd',
    roles: ['viewer'],
    scopes: [],
    streets: null,
    personId: null,
    purpose: null,
  };
  const gatewayKey = derivedIdentityKey('unit-test');
  const body = '{"query":"{ districts { code } }"}';
  const verifier = (...keys: Array<ReturnType<typeof derivedIdentityKey>>) =>
    IdentityVerifier.create({
      audience: 'population',
      publicKeys: keys.map((key) => createPublicKey(key)),
    });

  it('round-trips for its audience and body, once', async () => {
    const signer = await IdentitySigner.create(gatewayKey);
    const header = await signer.sign({
      caller: official,
      operation: 'Op',
      audience: 'population',
      body,
    });
    const population = await verifier(gatewayKey);
    expect(await population.verify(header, bodyDigest(body))).toMatchObject({
      caller: official,
      operation: 'Op',
    });
    expect(await population.verify(header, bodyDigest(body))).toEqual({ refused: 'replayed' });
  });

  it('refuses another key, another audience, another body, tampering and staleness', async () => {
    const signer = await IdentitySigner.create(gatewayKey);
    const sign = (audience = 'population', now = Date.now()) =>
      signer.sign({ caller: official, operation: null, audience, body, now });
    const population = await verifier(gatewayKey);
    const forger = await IdentitySigner.create(derivedIdentityKey('a department'));
    expect(
      await population.verify(
        await forger.sign({ caller: official, operation: null, audience: 'population', body }),
        bodyDigest(body),
      ),
    ).toEqual({ refused: 'unknown key' });
    expect(await population.verify(await sign('enterprises'), bodyDigest(body))).toEqual({
      refused: 'wrong audience',
    });
    expect(await population.verify(await sign(), bodyDigest('{"query":"{ x }"}'))).toEqual({
      refused: 'body mismatch',
    });
    const [head, payload, signature] = (await sign()).split('.');
    const raised = Buffer.from(
      Buffer.from(payload!, 'base64url').toString().replace('"scopes":[]', '"scopes":["pii:read"]'),
    ).toString('base64url');
    expect(await population.verify(`${head}.${raised}.${signature}`, bodyDigest(body))).toEqual({
      refused: 'bad signature',
    });
    expect(
      await population.verify(await sign('population', Date.now() - 60_000), bodyDigest(body)),
    ).toEqual({ refused: 'expired' });
    expect(await population.verify(undefined, bodyDigest(body))).toEqual({ refused: 'missing' });
  });

  it('accepts the old and the new key during a rollover', async () => {
    const next = derivedIdentityKey('next year');
    const population = await verifier(gatewayKey, next);
    for (const key of [gatewayKey, next]) {
      const signer = await IdentitySigner.create(key);
      const header = await signer.sign({
        caller: official,
        operation: null,
        audience: 'population',
        body,
      });
      expect(await population.verify(header, bodyDigest(body))).toHaveProperty('caller');
    }
  });

  it('roles grant their scopes', () => {
    expect(scopesOfRoles(['auditor'])).toEqual(['audit:read']);
    expect(scopesOfRoles(['viewer'])).toEqual([]);
    expect(scopesOfRoles(['street-official'])).toContain('pii:read');
  });
});
