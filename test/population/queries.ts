import { personIdFor } from '@cityhub/kit';
import { describe, expect, it } from 'vitest';
import { TEST_PERSON_ID_KEY } from '../support/constants.js';
import { expectArgumentRefused } from '../support/answers.js';
import { graphql, testCity, type GraphQLResponse } from '../support/hub.js';
import { hub } from './population-hub.js';

describe('population through the gateway', () => {
  it('answers the district with 13 streets whose communities add up to 957', async () => {
    const response = await graphql(
      hub().gateway.url,
      '{ district(code: "310104") { name streets { code communities { totalCount } } } }',
    );
    expect(response.errors).toBeUndefined();
    const streets = response.data!.district.streets as Array<{
      communities: { totalCount: number };
    }>;
    expect(response.data!.district.name).toBe('徐汇区');
    expect(streets).toHaveLength(13);
    expect(streets.reduce((sum, street) => sum + street.communities.totalCount, 0)).toBe(957);
  });

  it("pages a street's communities with keyset cursors", async () => {
    const query =
      'query ($after: String) { street(code: "310104003") { communities(first: 25, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { code } } } } }';
    const codes: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const response: GraphQLResponse = await graphql(hub().gateway.url, query, { after });
      const connection: {
        pageInfo: { hasNextPage: boolean; endCursor: string };
        edges: Array<{ node: { code: string } }>;
      } = response.data!.street.communities;
      codes.push(...connection.edges.map((edge: { node: { code: string } }) => edge.node.code));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(codes).toHaveLength(62);
    expect(new Set(codes).size).toBe(62);
    expect([...codes].sort()).toEqual(codes);
  });

  it('finds a person by ID number with residence, health code and arrivals', async () => {
    const city = testCity();
    const index = Array.from({ length: 3000 }, (_, i) => i).find((i) => city.person(i).arrival)!;
    const person = city.person(index);
    const response = await graphql(
      hub().gateway.url,
      'query ($id: String!) { person(idNumber: $id) { id idNumber name gender birthDate origin { code isKeyRegion } residence { community { code street { code } } } healthCode { color } arrivals { arrivedOn from { code isKeyRegion } } } }',
      { id: person.idNumber },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.person).toMatchObject({
      id: personIdFor(person.idNumber, TEST_PERSON_ID_KEY),
      idNumber: person.idNumber,
      name: person.name,
      gender: person.gender,
      birthDate: person.birthDate,
      residence: { community: { code: person.communityCode, street: { code: person.streetCode } } },
      healthCode: { color: person.healthCode },
      arrivals: [
        {
          arrivedOn: person.arrival!.arrivedOn,
          from: { code: person.arrival!.fromCode, isKeyRegion: true },
        },
      ],
    });
  });

  it('answers null for unknown but well-formed codes and ID numbers', async () => {
    const response = await graphql(
      hub().gateway.url,
      '{ district(code: "310105") { name } community(code: "3101040039999") { name } person(idNumber: "11010519491231002X") { id } }',
    );
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ district: null, community: null, person: null });
  });

  it('refuses an invalid ID number with BAD_USER_INPUT naming the argument, and keeps the rest of the answer', async () => {
    const response = await graphql(
      hub().gateway.url,
      '{ person(idNumber: "110105194912310021") { id } district(code: "310104") { name } }',
    );
    expect(response.data).toEqual({ person: null, district: { name: '徐汇区' } });
    expect(response.errors).toHaveLength(1);
    expect(response.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argumentName: 'idNumber',
      reason: 'a resident ID number has a wrong check character',
    });
  });

  it('refuses a page above the limit, a bad cursor and a reversed window with BAD_USER_INPUT', async () => {
    const tooMany = await graphql(
      hub().gateway.url,
      '{ street(code: "310104003") { communities(first: 501) { totalCount } } }',
    );
    expectArgumentRefused(tooMany, 'first');
    const badCursor = await graphql(
      hub().gateway.url,
      '{ keyRegionArrivals(from: "2020-01-01", to: "2020-02-01", after: "bm9wZQ") { totalCount } }',
    );
    expectArgumentRefused(badCursor, 'after');
    const reversed = await graphql(
      hub().gateway.url,
      '{ keyRegionArrivals(from: "2020-02-01", to: "2020-01-01") { totalCount } }',
    );
    expectArgumentRefused(reversed, 'from');
  });

  it('reports every bad argument of a list, and every bad address, in one refusal', async () => {
    const both = await graphql(
      hub().gateway.url,
      '{ keyRegionArrivals(from: "2020-02-01", to: "2020-01-01", after: "bm9wZQ") { totalCount } }',
    );
    expect(both.errors).toHaveLength(1);
    expect(both.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argumentName: 'from',
      problems: [
        { field: 'from', reason: 'must not be after `to`' },
        { field: 'after', reason: 'not a cursor this API issued' },
      ],
    });
    const addresses = await graphql(
      hub().gateway.url,
      'query ($a: [CommunityAddressInput!]!) { registeredResidentsAt(addresses: $a) { residentCount } }',
      {
        a: [
          { communityCode: '310104003', address: '1号' },
          { communityCode: '3101040030001', address: '1号' },
          { communityCode: '31010400300x1', address: '2号' },
        ],
      },
    );
    expect(addresses.data?.registeredResidentsAt ?? null).toBeNull();
    expect(
      (addresses.errors![0]!.extensions!.problems as Array<{ field: string }>).map((p) => p.field),
    ).toEqual(['addresses[0].communityCode', 'addresses[2].communityCode']);
  });

  it('answers a malformed document with HTTP 400 and GRAPHQL_PARSE_FAILED', async () => {
    const response = await graphql(hub().gateway.url, '{ district(code: ');
    expect(response.status).toBe(400);
    expect(response.errors![0]!.extensions!.code).toBe('GRAPHQL_PARSE_FAILED');
  });
});
