import { personIdFor } from '@cityhub/kit';
import { constructionContractorIndexes, enterpriseAt } from '@cityhub/synthetic-city';
import { describe, expect, it } from 'vitest';
import { constructionSites } from '../subgraphs/sites/src/seed/site-catalogue.js';
import { TEST_PERSON_ID_KEY, TEST_REFERENCE_DATE } from './support/constants.js';
import { expectArgumentRefused } from './support/answers.js';
import { authHeaders, countStatements, graphql, useTestHub, testCity } from './support/hub.js';

const hub = useTestHub();

const STREET = '310104016';

/** The street supervision query (工地监管): the benchmark drives this one too. */
const SUPERVISION = `query StreetSupervision($street: ID!, $date: Date!, $first: Int!) {
  street(code: $street) {
    name
    sites(kind: CONSTRUCTION, first: $first) {
      totalCount
      edges { node {
        id name status
        contractor { creditCode name legalRepresentative { name } }
        report(date: $date) { headcount newArrivalCount origins { originCode isKeyRegion workers } }
        screeningCases(status: OPEN) { id workerName arrivedOn originCode person { id residence { community { code name } } } }
      } }
    }
  }
}`;

function residentsById() {
  const city = testCity();
  return new Map(
    Array.from({ length: city.residentCount }, (_, i) => city.person(i)).map((person) => [
      personIdFor(person.idNumber, TEST_PERSON_ID_KEY),
      person,
    ]),
  );
}

describe('sites through the gateway', () => {
  it("lists a street's construction sites with contractor, today's headcount and new arrivals, and open cases with each worker's residence", async () => {
    // The street of the newest open case, so that the answer has cases to check.
    const newest = await graphql(
      hub().gateway.url,
      '{ screeningCases(status: OPEN, first: 100) { edges { node { site { id street { code } } } } } }',
    );
    const seeded = (newest.data!.screeningCases.edges as any[]).find((edge) =>
      /^C\d{4}$/.test(edge.node.site.id),
    );
    const streetCode: string = seeded.node.site.street.code;
    const { result, statements } = await countStatements(hub(), () =>
      graphql(hub().gateway.url, SUPERVISION, {
        street: streetCode,
        date: TEST_REFERENCE_DATE,
        first: 100,
      }),
    );
    expect(result.errors).toBeUndefined();
    const street = result.data!.street;
    const catalogue = constructionSites(testCity()).filter(
      (site) => site.street_code === streetCode,
    );
    expect(street.name).toBe(
      testCity().geography.streets.find((candidate) => candidate.code === streetCode)!.name,
    );
    expect(street.sites.totalCount).toBe(catalogue.length);
    const nodes = street.sites.edges.map((edge: any) => edge.node);
    expect(nodes.map((node: any) => [node.id, node.contractor.creditCode])).toEqual(
      catalogue.map((site) => [site.id, site.contractor_credit_code]),
    );
    // The contractor and its legal representative come from the enterprise registry, by credit code.
    const city = testCity();
    const builders = new Map(
      constructionContractorIndexes(city)
        .map((index) => enterpriseAt(city, index))
        .map((enterprise) => [enterprise.creditCode, enterprise]),
    );
    for (const node of nodes) {
      const builder = builders.get(node.contractor.creditCode)!;
      expect(node.contractor).toMatchObject({
        name: builder.name,
        legalRepresentative: { name: city.person(builder.legalRepresentativeIndex).name },
      });
    }
    const reported = nodes.filter((node: any) => node.report);
    expect(reported.length).toBeGreaterThan(0);
    for (const node of reported)
      expect(
        node.report.origins.reduce((sum: number, origin: any) => sum + origin.workers, 0),
      ).toBe(node.report.headcount);
    const people = residentsById();
    const cases = nodes.flatMap((node: any) => node.screeningCases);
    expect(cases.length).toBeGreaterThan(0);
    for (const screeningCase of cases) {
      const person = people.get(screeningCase.person.id)!;
      expect(screeningCase.workerName).toBe(person.name);
      expect(screeningCase.originCode.startsWith('42')).toBe(true);
      expect(screeningCase.person.residence.community.code).toBe(person.communityCode);
    }
    // However many sites and cases, each subgraph answers in a fixed number of statements.
    expect(statements.sites).toBeLessThanOrEqual(5);
    expect(statements.population).toBeLessThanOrEqual(5);
    expect(statements.enterprises).toBeLessThanOrEqual(2);
  });

  it('costs the same SQL for all 13 streets and their 167 sites as for one street (no N+1)', async () => {
    const district = `query ($date: Date!) { district(code: "310104") { streets { code sites(kind: CONSTRUCTION, first: 40) { totalCount edges { node { id contractor { creditCode } report(date: $date) { headcount newArrivalCount origins { originCode workers } } screeningCases(status: OPEN) { id person { residence { community { code } } } } } } } } } }`;
    const one = await countStatements(hub(), () =>
      graphql(hub().gateway.url, SUPERVISION, {
        street: STREET,
        date: TEST_REFERENCE_DATE,
        first: 100,
      }),
    );
    const all = await countStatements(hub(), () =>
      graphql(hub().gateway.url, district, { date: TEST_REFERENCE_DATE }),
    );
    expect(all.result.errors).toBeUndefined();
    const streets = all.result.data!.district.streets as Array<{ sites: { totalCount: number } }>;
    expect(streets.reduce((sum, street) => sum + street.sites.totalCount, 0)).toBe(167);
    expect(all.statements.sites).toBe(one.statements.sites);
    expect(all.statements.population).toBeLessThanOrEqual(4);
  });

  it("answers today's new arrivals from key regions across the district, each a resident with a residence", async () => {
    const from = new Date(Date.parse(TEST_REFERENCE_DATE) - 4 * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const response = await graphql(
      hub().gateway.url,
      `
        query ($from: Date!, $to: Date!) {
          keyRegionWorkerArrivals(from: $from, to: $to) {
            arrivedOn
            originCode
            reportDate
            site {
              id
              street {
                code
                name
              }
            }
            person {
              id
              residence {
                community {
                  code
                }
              }
            }
          }
        }
      `,
      { from, to: TEST_REFERENCE_DATE },
    );
    expect(response.errors).toBeUndefined();
    const arrivals = response.data!.keyRegionWorkerArrivals as any[];
    expect(arrivals.length).toBeGreaterThan(0);
    const people = residentsById();
    for (const arrival of arrivals) {
      expect(arrival.arrivedOn >= from && arrival.arrivedOn <= TEST_REFERENCE_DATE).toBe(true);
      expect(arrival.originCode.startsWith('42')).toBe(true);
      expect(arrival.person.residence.community.code).toBe(
        people.get(arrival.person.id)!.communityCode,
      );
      expect(arrival.site.street.name).toMatch(/街道|镇$/);
    }
    expect([...arrivals.map((a) => a.arrivedOn)].sort()).toEqual(arrivals.map((a) => a.arrivedOn));
  });

  it('refuses a radius above 50 km and a bad report through the gateway, storing nothing', async () => {
    const far = await graphql(
      hub().gateway.url,
      '{ sites(near: { latitude: 31.19, longitude: 121.44, radiusMeters: 50001 }) { totalCount } }',
    );
    expectArgumentRefused(far, 'near.radiusMeters');
    const near = await graphql(
      hub().gateway.url,
      '{ sites(near: { latitude: 31.1546, longitude: 121.4297, radiusMeters: 300 }, kind: STATION_HALL) { totalCount edges { node { name distanceMeters } } } }',
    );
    expect(near.data!.sites.edges[0].node).toMatchObject({
      name: '上海南站候车大厅',
      distanceMeters: 0,
    });
    const refused = await graphql(
      hub().gateway.url,
      'mutation ($input: DailyReportInput!) { submitDailyReport(input: $input) { report { id } } }',
      {
        input: {
          siteId: 'C0001',
          reportDate: '2999-01-01',
          workers: [
            {
              idNumber: '110105194912310021',
              name: '张三',
              originCode: '110105',
              arrivedOn: '2020-01-01',
            },
          ],
        },
      },
    );
    // Refused whole, every problem in one answer, and nothing stored.
    expect(refused.data?.submitDailyReport ?? null).toBeNull();
    expectArgumentRefused(refused, 'input.reportDate');
    expect(
      (refused.errors![0]!.extensions!.problems as Array<{ field: string }>).map((p) => p.field),
    ).toEqual(['input.reportDate', 'input.workers[0].idNumber']);
  });

  it("shows a worker's site assignments and a contractor's sites", async () => {
    const site = constructionSites(testCity()).find((s) => s.status === 'ACTIVE')!;
    const workers = await graphql(
      hub().gateway.url,
      '{ site(id: "' +
        site.id +
        '") { latestReport { workers { person { id siteAssignments { site { id } lastReportedOn } } } } } }',
    );
    expect(workers.errors).toBeUndefined();
    const first = workers.data!.site.latestReport.workers[0];
    expect(first.person.siteAssignments.map((a: any) => a.site.id)).toContain(site.id);
    const bySites = await graphql(
      hub().subgraphs.get('sites')!.url,
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise { sites { id } } } }',
      { r: [{ __typename: 'Enterprise', creditCode: site.contractor_credit_code }] },
    );
    expect(bySites.data!._entities[0].sites.map((s: any) => s.id)).toContain(site.id);
  });
  it("shows a venue's hourly counts for a day with their share of capacity", async () => {
    const response = await graphql(
      hub().gateway.url,
      `
        query ($date: Date!) {
          sites(kind: STATION_HALL) {
            edges {
              node {
                id
                capacity
                visitorCounts(date: $date) {
                  hour
                  visitors
                  shareOfCapacity
                }
              }
            }
          }
        }
      `,
      { date: TEST_REFERENCE_DATE },
    );
    expect(response.errors).toBeUndefined();
    for (const { node } of response.data!.sites.edges as any[]) {
      expect(node.visitorCounts).toHaveLength(24);
      expect(new Date(node.visitorCounts[0].hour).toISOString()).toBe(
        new Date(`${TEST_REFERENCE_DATE}T00:00:00+08:00`).toISOString(),
      );
      for (const count of node.visitorCounts)
        expect(count.shareOfCapacity).toBeCloseTo(count.visitors / node.capacity, 3);
    }
  });
  it('lists the venues over a share of capacity at a moment, fullest first', async () => {
    const response = await graphql(
      hub().gateway.url,
      'query ($at: DateTime!) { crowdedVenues(threshold: 0.5, at: $at) { site { name kind street { name } } hour visitors shareOfCapacity } }',
      { at: `${TEST_REFERENCE_DATE}T09:30:00+08:00` },
    );
    expect(response.errors).toBeUndefined();
    const venues = response.data!.crowdedVenues as Array<{
      site: { name: string };
      hour: string;
      shareOfCapacity: number;
    }>;
    expect(venues.map((venue) => venue.site.name)).toContain('上海南站候车大厅');
    expect(
      venues.every(
        (venue) =>
          venue.shareOfCapacity >= 0.5 &&
          new Date(venue.hour).toISOString() ===
            new Date(`${TEST_REFERENCE_DATE}T09:00:00+08:00`).toISOString(),
      ),
    ).toBe(true);
    expect([...venues].sort((a, b) => b.shareOfCapacity - a.shareOfCapacity)).toEqual(venues);
  });
});

describe('who sees what of the sites', () => {
  it("keeps a street official to their street's sites and cases, and refuses another street", async () => {
    const own = '310104010';
    const official = await authHeaders({ roles: ['street-official'], streets: [own] });
    const listed = await graphql(
      hub().gateway.url,
      '{ sites(kind: CONSTRUCTION, first: 500) { edges { node { street { code } } } } screeningCases(first: 500) { edges { node { site { street { code } } } } } }',
      {},
      official,
    );
    expect(listed.errors).toBeUndefined();
    const streets = [...listed.data!.sites.edges, ...listed.data!.screeningCases.edges].map(
      (edge: any) => edge.node.street?.code ?? edge.node.site.street.code,
    );
    expect(streets.length).toBeGreaterThan(0);
    expect(new Set(streets)).toEqual(new Set([own]));
    const other = await graphql(
      hub().gateway.url,
      '{ screeningCases(streetCode: "310104016") { totalCount } }',
      {},
      official,
    );
    expect(other.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuses rows to an anonymous caller', async () => {
    const anonymous = await graphql(
      hub().gateway.url,
      '{ sites(first: 1) { totalCount } }',
      {},
      {},
    );
    expect(anonymous.errors![0]!.extensions!.code).toMatch(/UNAUTHENTICATED/);
  });
});

describe('the sites subgraph behind the gateway', () => {
  it('resolves 167 Site references with one SQL statement and never invents a site', async () => {
    const ids = constructionSites(testCity()).map((site) => site.id);
    const { result, statements } = await countStatements(hub(), () =>
      graphql(
        hub().subgraphs.get('sites')!.url,
        'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Site { id name } } }',
        { r: [...ids, 'C9999'].map((id) => ({ __typename: 'Site', id })) },
      ),
    );
    expect(result.errors).toBeUndefined();
    const entities = result.data!._entities as Array<{ id: string } | null>;
    expect(entities.slice(0, ids.length).map((entity) => entity!.id)).toEqual(ids);
    expect(entities[ids.length]).toBeNull();
    expect(statements.sites).toBe(1);
  });
});
