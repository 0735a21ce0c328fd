import { print } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { describe, expect, it } from 'vitest';
import { readTypeDefs } from '@cityhub/kit';
import { undocumented } from '../../../test/support/schema-documentation.js';
import { subgraph } from '../src/index.js';

describe('enterprises schema', () => {
  const schema = buildSubgraphSchema({
    typeDefs: readTypeDefs(subgraph),
    resolvers: subgraph.resolvers as never,
  });
  const sdl = print(readTypeDefs(subgraph)); // printed: one field per line, whatever the file's layout

  it('documents every type, field and enum value', () => {
    expect(undocumented(schema)).toEqual([]);
  });

  it('keys the shared entities as the other departments expect', () => {
    expect(sdl).toMatch(/type Enterprise @key\(fields: "creditCode"\)/);
    expect(sdl).toMatch(/type Person @key\(fields: "id"\)/);
    expect(sdl).toMatch(/type Street @key\(fields: "code"\)/);
    expect(sdl).toMatch(/creditFacts: EnterpriseCreditFacts(?!!)/);
  });

  it('marks the personal data of registrations and staff, and opens only the registration paths to the public', () => {
    for (const type of ['Registration', 'ShopStaffMember']) {
      const body = sdl.slice(sdl.indexOf(`type ${type} {`));
      expect(body).toMatch(/idNumber: String! @pii\(kind: "ID_NUMBER"\)/);
      expect(body).toMatch(/name: String! @pii\(kind: "NAME"\)/);
      expect(body).toMatch(/phone: String! @pii\(kind: "PHONE"\)/);
    }
    const publicFields = [...sdl.matchAll(/^\s+(\w+)\(.*\).*@public/gm)].map((match) => match[1]);
    expect(publicFields.sort()).toEqual([
      'filingInvitation',
      'registerForFiling',
      'registerShopStaff',
      'shopInvitation',
    ]);
  });
});
