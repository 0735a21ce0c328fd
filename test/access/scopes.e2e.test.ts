import { personIdFor } from '@cityhub/kit';
import { describe, expect, it } from 'vitest';
import { ACCESS_HUB_SETTINGS, PERSON_QUERY, city, someone } from '../support/access.js';
import { codeOf } from '../support/answers.js';
import { TEST_PERSON_ID_KEY } from '../support/constants.js';
import {
  authHeaders,
  graphql,
  subgraphHeaders,
  testCaller,
  useTestHubWith,
} from '../support/hub.js';

/** A caller's scopes and streets hold on every path: aliases, fragments, `_entities`. */
const hub = useTestHubWith(ACCESS_HUB_SETTINGS);

describe('scopes, through every path', () => {
  it('keeps a viewer (aggregates only) out of personal records via aliases and fragments', async () => {
    const viewer = await authHeaders({ roles: ['viewer'] });
    const response = await graphql(
      hub().gateway.url,
      'query ($id: String!) { a: person(idNumber: $id) { name } ...F } fragment F on Query { b: person(idNumber: $id) { idNumber } district(code: "310104") { residentCount } }',
      { id: someone.idNumber },
      viewer,
    );
    expect(response.data).toMatchObject({
      a: null,
      b: null,
      district: { residentCount: city.residentCount },
    });
    expect(response.errors!.map((error) => error.extensions!.code)).toEqual([
      'FORBIDDEN',
      'FORBIDDEN',
    ]);
  });

  it('keeps the same caller out through _entities when calling the subgraph with its identity', async () => {
    const viewer = testCaller({ roles: ['viewer'], scopes: [] });
    const query =
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Person { name idNumber } } }';
    const variables = {
      r: [{ __typename: 'Person', id: personIdFor(someone.idNumber, TEST_PERSON_ID_KEY) }],
    };
    const response = await graphql(
      hub().subgraphs.get('population')!.url,
      query,
      variables,
      await subgraphHeaders('population', JSON.stringify({ query, variables }), viewer),
    );
    expect(JSON.stringify(response.data)).not.toContain(someone.name);
    expect(codeOf(response)).toBe('FORBIDDEN');
  });

  it('limits a street official to the residents of their streets', async () => {
    const otherStreet = Array.from({ length: 100 }, (_, i) => city.person(i)).find(
      (p) => p.streetCode !== '310104003',
    )!;
    const official = await authHeaders({ roles: ['street-official'], streets: ['310104003'] });
    const hidden = await graphql(
      hub().gateway.url,
      PERSON_QUERY,
      { id: otherStreet.idNumber },
      official,
    );
    expect(hidden.data!.person).toBeNull();
    const refused = await graphql(
      hub().gateway.url,
      `{ keyRegionArrivals(from: "2020-01-01", to: "2020-12-31", streetCode: "${otherStreet.streetCode}") { totalCount } }`,
      undefined,
      official,
    );
    expect(codeOf(refused)).toBe('FORBIDDEN');
  });

  it('refuses a street-local token that names no street', async () => {
    const response = await graphql(
      hub().gateway.url,
      '{ districts { code } }',
      undefined,
      await authHeaders({ roles: ['street-official'] }),
    );
    expect(response.status).toBe(401);
  });
});
