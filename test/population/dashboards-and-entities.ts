import { cityDate, personIdFor } from '@cityhub/kit';
import { describe, expect, it } from 'vitest';
import { TEST_PERSON_ID_KEY } from '../support/constants.js';
import { countStatements, graphql, testCity, resolveEntities } from '../support/hub.js';
import { hub } from './population-hub.js';

describe('population through the gateway', () => {
  it('lists key-region arrivals in a window by street, newest first, matching the dashboard count', async () => {
    const city = testCity();
    const street = '310104010';
    const expected = Array.from({ length: city.residentCount }, (_, i) => city.person(i)).filter(
      (p) => p.arrival && p.streetCode === street,
    );
    const to = cityDate();
    const from = cityDate(new Date(Date.now() - 365 * 86_400_000));
    const response = await graphql(
      hub().gateway.url,
      `{ keyRegionArrivals(from: "${from}", to: "${to}", streetCode: "${street}", first: 500) { totalCount edges { node { arrivedOn community { street { code } } } } }
         street(code: "${street}") { keyRegionArrivalCount(from: "${from}", to: "${to}") } }`,
    );
    expect(response.errors).toBeUndefined();
    const edges = response.data!.keyRegionArrivals.edges as Array<{
      node: { arrivedOn: string; community: { street: { code: string } } };
    }>;
    expect(response.data!.street.keyRegionArrivalCount).toBe(expected.length);
    expect(edges).toHaveLength(expected.length);
    expect(edges.every((edge) => edge.node.community.street.code === street)).toBe(true);
    const dates = edges.map((edge) => edge.node.arrivedOn);
    expect([...dates].sort().reverse()).toEqual(dates);
  });

  it('costs the same SQL for a dashboard of 13 streets as for one (no N+1)', async () => {
    const board = (first: number) =>
      `{ district(code: "310104") { residentCount healthCodeCounts { red } streets { name residentCount healthCodeCounts { green yellow red } communities(first: ${first}) { totalCount edges { node { name residentCount healthCodeCounts { red } } } } } } }`;
    const small = await countStatements(hub(), () => graphql(hub().gateway.url, board(1)));
    const large = await countStatements(hub(), () => graphql(hub().gateway.url, board(100)));
    expect(large.result.errors).toBeUndefined();
    expect(large.statements.population).toBe(small.statements.population);
    expect(large.statements.population).toBeLessThanOrEqual(8);
  });
});

describe('the population subgraph behind the gateway', () => {
  it('resolves 500 Community references through _entities with a single SQL statement', async () => {
    const codes = testCity()
      .geography.communities.slice(0, 500)
      .map((community) => community.code);
    const representations = [...codes, '3101049999999'].map((code) => ({
      __typename: 'Community',
      code,
    }));
    const { result, statements } = await resolveEntities(
      hub(),
      'population',
      representations,
      '... on Community { code name }',
    );
    expect(result.errors).toBeUndefined();
    const entities = result.data!._entities as Array<{ code: string } | null>;
    expect(entities.slice(0, 500).map((entity) => entity!.code)).toEqual(codes);
    expect(entities[500]).toBeNull();
    expect(statements.population).toBe(1);
  });

  it('resolves Person references in one statement and never invents a person', async () => {
    const city = testCity();
    const ids = Array.from({ length: 200 }, (_, i) =>
      personIdFor(city.person(i).idNumber, TEST_PERSON_ID_KEY),
    );
    const { result, statements } = await countStatements(hub(), () =>
      graphql(
        hub().subgraphs.get('population')!.url,
        'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id name } } }',
        {
          r: [...ids, 'unknown-person-id'].map((id) => ({ __typename: 'Person', id })),
        },
      ),
    );
    const entities = result.data!._entities as Array<{ id: string; name: string } | null>;
    expect(entities.slice(0, 200).map((entity) => entity!.name)).toEqual(
      Array.from({ length: 200 }, (_, i) => city.person(i).name),
    );
    expect(entities[200]).toBeNull();
    expect(statements.population).toBe(1);
  });
});

describe('registered residents at addresses', () => {
  it('count what the generator registered there, in the order asked, in one statement', async () => {
    const city = testCity();
    const people = Array.from({ length: 40 }, (_, i) => city.person(i * 7));
    const expected = people.map(
      (p) =>
        Array.from({ length: city.residentCount }, (_, i) => city.person(i)).filter(
          (q) => q.communityCode === p.communityCode && q.address === p.address,
        ).length,
    );
    const addresses = [
      ...people.map((p) => ({ communityCode: p.communityCode, address: p.address })),
      { communityCode: '3101040030001', address: '无此路1号' },
    ];
    const { result, statements } = await countStatements(hub(), () =>
      graphql(
        hub().gateway.url,
        'query ($a: [CommunityAddressInput!]!) { registeredResidentsAt(addresses: $a) { communityCode residentCount } }',
        { a: addresses },
      ),
    );
    expect(result.errors).toBeUndefined();
    expect(
      result.data!.registeredResidentsAt.map((row: { residentCount: number }) => row.residentCount),
    ).toEqual([...expected, 0]);
    expect(statements.population).toBe(1);
  });
});
