import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  freshCreditCode,
  freshEnterprise,
  personIdOf,
} from '../../subgraphs/enterprises/test/fixtures.js';
import { testDatabase } from '../support/database.js';
import {
  authHeaders,
  graphql,
  useTestHub,
  subgraphHeaders,
  testCaller,
  testCity,
} from '../support/hub.js';

/**
 * Rows and roles: callers reaching rows and writes that belong to someone else. Each attack goes
 * through the gateway; where a subgraph decides alone, it is also sent to the subgraph directly
 * with the identity the gateway would sign.
 */
const sites = testDatabase('sites');
const enterprises = testDatabase('enterprises');
const risk = testDatabase('risk');
const hub = useTestHub(sites, enterprises, risk);

const city = testCity();
const codeOf = (response: { errors?: Array<{ extensions?: Record<string, unknown> }> }) =>
  response.errors?.[0]?.extensions?.code;
const ask = (
  query: string,
  variables?: Record<string, unknown>,
  headers?: Record<string, string>,
) => graphql(hub().gateway.url, query, variables, headers);

async function apiKey(scopes: string[]): Promise<Record<string, string>> {
  const { secret } = await hub().gateway.apiKeys!.create({
    name: `attack-${randomBytes(3).toString('hex')}`,
    department: 'integrator',
    scopes,
    registeredOperationsOnly: false,
    requestsPerMinute: 10_000,
  });
  return { 'x-api-key': secret };
}

async function freshSite(kind: 'CONSTRUCTION' | 'MALL', contractor: string | null) {
  const id = `A${randomBytes(6).toString('hex')}`;
  await sites('sites').insert({
    id,
    kind,
    name: `攻击测试${id}`,
    project: null,
    status: 'ACTIVE',
    address: '上海市徐汇区测试路2号',
    // A street no seeded site is on: other tests count the seeded streets' sites.
    street_code: '310104999',
    latitude: 31.17,
    longitude: 121.45,
    contractor_credit_code: contractor,
    capacity: kind === 'CONSTRUCTION' ? null : 500,
  });
  return id;
}

describe('a street-local role among several', () => {
  it('limits the whole token to its streets', async () => {
    const elsewhere = Array.from({ length: 100 }, (_, i) => city.person(i)).find(
      (p) => p.streetCode !== '310104003',
    )!;
    const mixed = await authHeaders({
      roles: ['street-official', 'viewer'],
      streets: ['310104003'],
    });
    const response = await ask(
      'query ($id: String!) { person(idNumber: $id) { name } }',
      { id: elsewhere.idNumber },
      mixed,
    );
    expect(JSON.stringify(response.data)).not.toContain(elsewhere.name);
  });
});

describe('writes only by their owners', () => {
  const REPORT =
    'mutation ($input: DailyReportInput!) { submitDailyReport(input: $input) { report { id } } }';

  it("an integrator's key with sites:report cannot report for a site that is not its own", async () => {
    const site = await freshSite('CONSTRUCTION', freshCreditCode());
    const variables = { input: { siteId: site, reportDate: '2020-02-10', workers: [] } };
    const viaGateway = await ask(REPORT, variables, await apiKey(['sites:read', 'sites:report']));
    expect(codeOf(viaGateway)).toBe('FORBIDDEN');
    const integrator = testCaller({
      kind: 'integrator',
      id: 'key:attack',
      roles: ['integrator'],
      scopes: ['sites:read', 'sites:report'],
    });
    const direct = await graphql(
      hub().subgraphs.get('sites')!.url,
      REPORT,
      variables,
      await subgraphHeaders('sites', JSON.stringify({ query: REPORT, variables }), integrator),
    );
    expect(codeOf(direct)).toBe('FORBIDDEN');
  });

  it("visitor counts are recorded only by the venue's operator or its street's supervisors", async () => {
    const operator = freshCreditCode();
    const venue = await freshSite('MALL', operator);
    const hour = new Date(Date.UTC(2020, 1, 10, 2)).toISOString();
    const RECORD = 'mutation ($c: [VisitorCountInput!]!) { recordVisitorCounts(counts: $c) }';
    const counts = { c: [{ siteId: venue, hour, visitors: 4999 }] };
    const stranger = await ask(RECORD, counts, await apiKey(['sites:report']));
    expect(codeOf(stranger)).toBe('FORBIDDEN');
    expect(await sites('venue_visitor_counts').where({ site_id: venue })).toHaveLength(0);
    const own = await ask(
      RECORD,
      counts,
      await authHeaders({ roles: ['contractor'], organization: operator }),
    );
    expect(own.errors).toBeUndefined();
    expect(own.data!.recordVisitorCounts).toBe(1);
  });
});

describe("shops and firms' figures", () => {
  it("a street official cannot list another street's shops", async () => {
    const official = await authHeaders({ roles: ['street-official'], streets: ['310104003'] });
    const response = await ask(
      '{ street(code: "310104011") { shops(first: 5) { totalCount edges { node { name } } } } }',
      undefined,
      official,
    );
    expect(codeOf(response)).toBe('FORBIDDEN');
  });

  it("a legal representative does not collect other shops' staff codes", async () => {
    const staffCode = `Q${randomBytes(4).toString('hex').toUpperCase()}`.slice(0, 8);
    const [{ id }] = await enterprises('shops')
      .insert({
        name: '攻击测试小店',
        street_code: '310104011',
        address: '上海市徐汇区测试路3号',
        operator_person_id: personIdOf(21),
        credit_code: null,
        staff_code: staffCode,
        registered_at: new Date(),
      })
      .returning('id');
    const query = 'query ($id: ID!) { shop(id: $id) { name staffCode } }';
    const representative = await authHeaders(
      { roles: ['legal-representative'], personId: personIdOf(7) },
      null,
    );
    const stranger = await ask(query, { id: String(id) }, representative);
    expect(JSON.stringify(stranger.data)).not.toContain(staffCode);
    expect(codeOf(stranger)).toBe('FORBIDDEN');
    const operator = await authHeaders(
      { roles: ['legal-representative'], personId: personIdOf(21) },
      null,
    );
    expect((await ask(query, { id: String(id) }, operator)).data!.shop.staffCode).toBe(staffCode);
  });

  it("a legal representative reads its own firm's revenue and profit, not another's", async () => {
    const own = await freshEnterprise(enterprises, {}, 31);
    const other = await freshEnterprise(enterprises, {}, 32);
    const representative = await authHeaders(
      { roles: ['legal-representative'], personId: own.legalRepPersonId },
      null,
    );
    const query =
      'query ($c: String!) { enterprise(creditCode: $c) { name indicators { revenue operatingProfit } } }';
    const theirs = await ask(query, { c: other.creditCode }, representative);
    expect(codeOf(theirs)).toBe('FORBIDDEN');
    const mine = await ask(query, { c: own.creditCode }, representative);
    expect(mine.errors).toBeUndefined();
    const streetWide = await ask(
      '{ street(code: "310104011") { enterpriseWarnings(first: 5) { totalCount } } }',
      undefined,
      representative,
    );
    expect(codeOf(streetWide)).toBe('FORBIDDEN');
  });
});

describe('risk findings and case reports', () => {
  it('reviewing a group-rental flag is a write: risk:read alone is refused', async () => {
    const reader = await authHeaders({ roles: ['health-commission'] });
    const response = await ask(
      'mutation { reviewGroupRentalFlag(id: "1", outcome: FALSE_ALARM) { id } }',
      undefined,
      reader,
    );
    expect(codeOf(response)).toBe('FORBIDDEN');
    expect(JSON.stringify(response.errors)).toContain('risk:review');
  });

  it("a case report's kind and dates are health data: withheld without personal-data rights", async () => {
    const recordId = `attack-${randomBytes(4).toString('hex')}`;
    await risk('case_reports').insert({
      record_id: recordId,
      person_id: personIdOf(41),
      kind: 'CONFIRMED',
      reported_on: '2020-02-08',
      ends_on: null,
      community_code: city.person(41).communityCode,
      street_code: city.person(41).streetCode,
    });
    const query = `{ caseReports(from: "2020-02-08", to: "2020-02-08", first: 500) { edges { node { recordId kind reportedOn } } } }`;
    const noPurpose = await ask(
      query,
      undefined,
      await authHeaders({ roles: ['district-official'] }, null),
    );
    const node = noPurpose.data!.caseReports.edges.find(
      (edge: { node: { recordId: string } }) => edge.node.recordId === recordId,
    ).node;
    expect(node).toMatchObject({ kind: null, reportedOn: null });
    expect(codeOf(noPurpose)).toBe('FORBIDDEN');
    const byKind = await ask(
      '{ caseReports(from: "2020-02-08", to: "2020-02-08", kind: CONFIRMED) { totalCount } }',
      undefined,
      await authHeaders({ roles: ['district-official'] }, null),
    );
    expect(codeOf(byKind)).toBe('FORBIDDEN');
    const withPurpose = await ask(
      query,
      undefined,
      await authHeaders({ roles: ['district-official'] }),
    );
    expect(
      withPurpose.data!.caseReports.edges.find(
        (edge: { node: { recordId: string } }) => edge.node.recordId === recordId,
      ).node,
    ).toMatchObject({ kind: 'CONFIRMED', reportedOn: '2020-02-08' });
  });
});
