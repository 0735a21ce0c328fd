import { constructionContractorIndexes, enterpriseAt } from '@cityhub/synthetic-city';
import { describe, expect, it } from 'vitest';
import { constructionSites } from '../../subgraphs/sites/src/seed/site-catalogue.js';
import { TEST_REFERENCE_DATE } from '../support/constants.js';
import { expectArgumentRefused } from '../support/answers.js';
import { countStatements, graphql, testCity } from '../support/hub.js';
import { hub, STREET, SUPERVISION, residentsById } from './sites-hub.js';

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
      (site) => site.streetCode === streetCode,
    );
    expect(street.name).toBe(
      testCity().geography.streets.find((candidate) => candidate.code === streetCode)!.name,
    );
    expect(street.sites.totalCount).toBe(catalogue.length);
    const nodes = street.sites.edges.map((edge: any) => edge.node);
    expect(nodes.map((node: any) => [node.id, node.contractor.creditCode])).toEqual(
      catalogue.map((site) => [site.id, site.contractorCreditCode]),
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
});
