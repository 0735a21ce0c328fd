import { print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { readTypeDefs } from '@cityhub/kit';
import { describeSubgraphSchema } from '../../../test/support/department.js';
import { subgraph } from '../src/index.js';

describeSubgraphSchema(subgraph, {
  keys: { City: 'code', District: 'code', Enterprise: 'creditCode', Person: 'id', Street: 'code' },
});

describe('enterprises schema', () => {
  const sdl = print(readTypeDefs(subgraph)); // printed: one field per line, whatever the file's layout

  it('gives the risk department the facts it scores', () => {
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
