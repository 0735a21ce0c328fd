import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, type GraphQLObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { refusalFor, ruleFor } from '../src/access-rules.js';
import { ANONYMOUS, type Caller } from '../src/caller.js';
import { signIdentity, verifyIdentity } from '../src/identity-header.js';
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
  it('round-trips with the secret and refuses tampering, another secret and staleness', () => {
    const header = signIdentity(official, 'Op', 'secret-of-sixteen-chars');
    expect(verifyIdentity(header, 'secret-of-sixteen-chars')?.caller).toEqual(official);
    expect(verifyIdentity(header, 'another-secret-sixteen')).toBeNull();
    const [payload, signature] = header.split('.');
    const raised = Buffer.from(
      Buffer.from(payload!, 'base64url').toString().replace('"scopes":[]', '"scopes":["pii:read"]'),
    ).toString('base64url');
    expect(verifyIdentity(`${raised}.${signature}`, 'secret-of-sixteen-chars')).toBeNull();
    expect(
      verifyIdentity(
        signIdentity(official, null, 'secret-of-sixteen-chars', Date.now() - 10 * 60_000),
        'secret-of-sixteen-chars',
      ),
    ).toBeNull();
    expect(verifyIdentity(undefined, 'secret-of-sixteen-chars')).toBeNull();
  });

  it('roles grant their scopes', () => {
    expect(scopesOfRoles(['auditor'])).toEqual(['audit:read']);
    expect(scopesOfRoles(['viewer'])).toEqual([]);
    expect(scopesOfRoles(['street-official'])).toContain('pii:read');
  });
});
