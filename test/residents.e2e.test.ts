import { cityDate, personIdFor } from '@cityhub/kit';
import { describe, expect, it } from 'vitest';
import { TEST_PERSON_ID_KEY } from './support/constants.js';
import { testDatabase } from './support/database.js';
import { authHeaders, countStatements, graphql, useTestHub } from './support/hub.js';
import { mostPopulousCommunity } from './support/communities.js';

const population = testDatabase('population');
const audit = testDatabase('audit');
const testHub = useTestHub(population, audit);

const STREET = '310104003';
const LISTING = `query ($code: ID!, $first: Int, $after: String, $name: String, $address: String,
  $minAge: Int, $maxAge: Int, $color: HealthCodeColor) {
  community(code: $code) {
    name
    residents(first: $first, after: $after, nameContains: $name, addressStartsWith: $address,
      minAge: $minAge, maxAge: $maxAge, healthCode: $color) {
      pageInfo { hasNextPage endCursor }
      edges { node { id name idNumber age phone residence { address } } }
    }
  }
}`;

interface Listed {
  id: string;
  name: string;
  idNumber: string;
  age: number;
  phone: string;
  residence: { address: string };
}

/** The street's most populous community, with its residents as the table holds them, in listing order. */
async function communityOfStreet() {
  const code = await mostPopulousCommunity(population, STREET);
  const rows: Array<{
    id: string;
    name: string;
    address: string;
    birth_date: string;
    health_code: string;
  }> = await population('residents')
    .select('id', 'name', 'address', 'birth_date', 'health_code')
    .where('community_code', code)
    .orderByRaw(`address COLLATE "C", id`);
  expect(rows.length).toBeGreaterThan(6);
  return { code, rows };
}

const recordsOf = (callerId: string) =>
  audit('personal_data_reads').where({ caller_id: callerId }).orderBy('id');

async function listing(
  headers: Record<string, string>,
  variables: Record<string, unknown>,
): Promise<{ nodes: Listed[]; pageInfo: { hasNextPage: boolean; endCursor: string } }> {
  const response = await graphql(testHub().gateway.url, LISTING, variables, headers);
  expect(response.errors).toBeUndefined();
  const connection = response.data!.community.residents;
  return {
    nodes: connection.edges.map((edge: { node: Listed }) => edge.node),
    pageInfo: connection.pageInfo,
  };
}

describe("a community's residents (Community.residents)", () => {
  it('lists masked without a purpose, one masked audit record per person shown', async () => {
    const { code, rows } = await communityOfStreet();
    const headers = await authHeaders(
      { subject: 'residents-masked', roles: ['street-official'], streets: [STREET] },
      null,
    );
    const { nodes } = await listing(headers, { code, first: 5 });
    expect(nodes.map((node) => node.id)).toEqual(rows.slice(0, 5).map((row) => row.id));
    for (const node of nodes) {
      expect(node.name).toMatch(/^.\*+$/u);
      expect(node.idNumber).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
      expect(node.residence.address).toMatch(/\*\*\*\*$/);
    }
    const records = await recordsOf('residents-masked');
    expect(records.map((record) => record.person_id).sort()).toEqual(
      nodes.map((node) => node.id).sort(),
    );
    expect(records.every((record) => record.access === 'masked')).toBe(true);
    expect(records[0].fields).toContain('Community.residents');
  });

  it('lists unmasked with a stated purpose, one unmasked record per person shown', async () => {
    const { code, rows } = await communityOfStreet();
    const headers = await authHeaders(
      { subject: 'residents-unmasked', roles: ['street-official'], streets: [STREET] },
      'resident-services',
    );
    const { nodes } = await listing(headers, { code, first: 4 });
    expect(nodes.map((node) => [node.id, node.name, node.residence.address])).toEqual(
      rows.slice(0, 4).map((row) => [row.id, row.name, row.address]),
    );
    const records = await recordsOf('residents-unmasked');
    expect(records).toHaveLength(4);
    expect(new Set(records.map((record) => record.person_id))).toEqual(
      new Set(nodes.map((node) => node.id)),
    );
    expect(records.every((record) => record.access === 'unmasked')).toBe(true);
    expect(records[0].fields).toEqual(
      expect.arrayContaining(['Community.residents', 'Person.name', 'Residence.address']),
    );
  });

  it('pages with keyset cursors, one statement a page, in address order', async () => {
    const { code, rows } = await communityOfStreet();
    const headers = await authHeaders({ subject: 'residents-pages' }, null);
    const seen: string[] = [];
    let after: string | null = null;
    const first = Math.ceil(rows.length / 3);
    for (let page = 0; page < 5; page++) {
      const { result, statements } = await countStatements(testHub(), () =>
        listing(headers, { code, first, after }),
      );
      // One for the community asked for, one for the page: flat whatever the page size.
      expect(statements.population).toBe(2);
      seen.push(...result.nodes.map((node) => node.id));
      if (!result.pageInfo.hasNextPage) break;
      after = result.pageInfo.endCursor;
    }
    expect(seen).toEqual(rows.map((row) => row.id));
  });

  it('searches by name fragment, building, age band and health-code colour', async () => {
    const { code, rows } = await communityOfStreet();
    const headers = await authHeaders({ subject: 'residents-search' });
    const fragment = [...rows[0]!.name].at(-1)!;
    const building = rows[0]!.address.match(/^.*?号/u)![0];
    const today = cityDate();
    const ageOf = (birth: string) =>
      Number(today.slice(0, 4)) -
      Number(birth.slice(0, 4)) -
      (today.slice(5) < birth.slice(5) ? 1 : 0);
    const age = ageOf(rows[0]!.birth_date);
    const color = rows[0]!.health_code;
    const cases: Array<[Record<string, unknown>, (row: (typeof rows)[number]) => boolean]> = [
      [{ name: fragment }, (row) => row.name.includes(fragment)],
      [{ address: building }, (row) => row.address.startsWith(building)],
      [{ color }, (row) => row.health_code === color],
      [{ minAge: age - 5, maxAge: age + 5 }, (row) => Math.abs(ageOf(row.birth_date) - age) <= 5],
      [
        { name: fragment, color },
        (row) => row.name.includes(fragment) && row.health_code === color,
      ],
    ];
    for (const [criteria, keeps] of cases) {
      const { nodes } = await listing(headers, { code, first: 500, ...criteria });
      const expected = rows.filter(keeps).map((row) => row.id);
      expect(expected.length, JSON.stringify(criteria)).toBeGreaterThan(0);
      expect(
        nodes.map((node) => node.id),
        JSON.stringify(criteria),
      ).toEqual(expected);
    }
  });

  it("refuses another street's official at that field only, with the path", async () => {
    const { code } = await communityOfStreet();
    const headers = await authHeaders(
      { subject: 'residents-other-street', roles: ['street-official'], streets: ['310104004'] },
      'resident-services',
    );
    const response = await graphql(testHub().gateway.url, LISTING, { code, first: 5 }, headers);
    expect(response.data!.community.name).toBeTruthy();
    expect(response.data!.community.residents).toBeNull();
    expect(response.errors).toHaveLength(1);
    expect(response.errors![0]).toMatchObject({
      path: ['community', 'residents'],
      extensions: { code: 'FORBIDDEN' },
    });
    expect(await recordsOf('residents-other-street')).toHaveLength(0);
  });

  it('reports every bad criterion at once', async () => {
    const { code } = await communityOfStreet();
    const response = await graphql(
      testHub().gateway.url,
      LISTING,
      { code, name: '  ', minAge: 50, maxAge: 20, after: 'bm90LWEtY3Vyc29y' },
      await authHeaders({ subject: 'residents-bad-input' }),
    );
    expect(response.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const fields = (response.errors![0]!.extensions!.problems as Array<{ field: string }>).map(
      (problem) => problem.field,
    );
    expect(fields.sort()).toEqual(['after', 'maxAge', 'nameContains']);
  });

  it('names the listed person as the hub does everywhere', async () => {
    const { code, rows } = await communityOfStreet();
    const idNumber: string = (
      await population('residents').select('id_number').where('id', rows[0]!.id).first()
    ).id_number;
    expect(personIdFor(idNumber, TEST_PERSON_ID_KEY)).toBe(rows[0]!.id);
    const { nodes } = await listing(await authHeaders({ subject: 'residents-id' }), {
      code,
      first: 1,
    });
    expect(nodes[0]!.idNumber).toBe(idNumber);
  });
});
