import { cityDate, createLogger, shiftDate } from '@cityhub/kit';
import { ageOn } from '../subgraphs/population/src/managers/ages.js';
import type { InProcessHub } from '@cityhub/launcher';
import { catchUpMissedRun, RiskRunner, RunStore, type GatewaySettings } from '@cityhub/risk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_REFERENCE_DATE } from './support/constants.js';
import { testDatabase } from './support/database.js';
import { authHeaders, countStatements, graphql, testCity } from './support/hub.js';
import { startHubWithRiskRuns } from './support/risk-hub.js';

const risk = testDatabase('risk');
let hub: InProcessHub;
let gatewayUrl = '';
let gateway: () => GatewaySettings;
// The day before the test city's "today": the day its case reports describe.
const DATE = shiftDate(TEST_REFERENCE_DATE, -1);

beforeAll(async () => {
  ({ hub, gateway } = await startHubWithRiskRuns());
  gatewayUrl = hub.gateway.url;
}, 60_000);
afterAll(async () => {
  await hub?.stop();
  await risk.destroy();
});

async function scoresOn(date: string): Promise<Map<string, number>> {
  const rows = await risk('risk_assessments')
    .select('community_code', 'score')
    .where({ assessed_on: date });
  return new Map(
    rows.map((row: { community_code: string; score: number }) => [
      row.community_code,
      Number(row.score),
    ]),
  );
}

describe('the nightly risk run through the gateway', () => {
  it('assesses all 957 communities from a few gateway requests, reproducibly', async () => {
    const runner = new RiskRunner(risk, gateway(), createLogger('risk-test', 'silent'));
    const { result: first, statements } = await countStatements(hub, () =>
      runner.run(DATE, 'COMMAND_LINE', 'test'),
    );
    expect(first.communities).toBe(957);
    // One request per district and source, not one per community.
    expect(first.gatewayRequests).toBeLessThan(15);
    expect(statements.population!).toBeLessThan(40);
    const sources = new Map(first.sources.map((source) => [source.name, source]));
    expect(sources.get('population')).toMatchObject({ available: true, records: 957 });
    expect(sources.get('population:ages')).toMatchObject({ available: true, records: 957 });
    expect(sources.get('population:addresses')).toMatchObject({ available: true });
    expect(sources.get('risk:housing')!.detail).toMatch(/registered residents from population/);
    // The paged reads of the other departments: rail arrivals, and every enterprise for credit.
    expect(sources.get('transport')).toMatchObject({ available: true });
    expect(sources.get('enterprises')!.records).toBeGreaterThan(0);
    // Screenings are counted from the sites (each with its contractor), not asked of every enterprise.
    expect(sources.get('sites:screenings')).toMatchObject({ available: true });
    expect(sources.get('sites:screenings')!.records).toBeGreaterThan(0);
    const before = await scoresOn(DATE);
    const second = await runner.run(DATE, 'COMMAND_LINE', 'test');
    expect(second.run.id).not.toBe(first.run.id);
    expect(await scoresOn(DATE)).toEqual(before);
    const levels: Array<{ level: string }> = await risk('risk_assessments')
      .select('level')
      .where({ assessed_on: DATE })
      .groupBy('level');
    expect(levels.map((row: { level: string }) => row.level).sort()).toEqual([
      'BLUE',
      'RED',
      'YELLOW',
    ]);
  });

  it('catches up a day no run covers once the gateway answers, and leaves a covered day alone', async () => {
    const runner = new RiskRunner(risk, gateway(), createLogger('risk-test', 'silent'));
    const runs = new RunStore(risk);
    const missed = shiftDate(DATE, -3);
    expect(await runs.coveredOn(missed)).toBe(false);
    expect(
      await catchUpMissedRun(runner, runs, createLogger('risk-test', 'silent'), {
        gatewayUrl,
        date: missed,
      }),
    ).toBe('ran');
    expect((await scoresOn(missed)).size).toBe(957);
    expect(
      await catchUpMissedRun(runner, runs, createLogger('risk-test', 'silent'), {
        gatewayUrl,
        date: missed,
      }),
    ).toBe('already-covered');
    expect(
      Number((await risk('risk_runs').where({ assessed_on: missed }).count({ n: '*' }))[0]!.n),
    ).toBe(1);
    // With no gateway to read the inputs from, it gives up after waiting, and nothing is stored.
    const unreachable = await catchUpMissedRun(runner, runs, createLogger('risk-test', 'silent'), {
      gatewayUrl: 'http://127.0.0.1:9/graphql',
      date: shiftDate(DATE, -4),
      waitForGatewayMs: 1_500,
    });
    expect(unreachable).toBe('gateway-unreachable');
    expect(await runs.coveredOn(shiftDate(DATE, -4))).toBe(false);
  });

  it("reads population's figures through the gateway: key-region arrivals per 1,000 residents match the generated city", async () => {
    const city = testCity();
    const arrivals = new Map<string, number>();
    const residents = new Map<string, number>();
    for (let i = 0; i < city.residentCount; i++) {
      const person = city.person(i);
      residents.set(person.communityCode, (residents.get(person.communityCode) ?? 0) + 1);
      if (
        person.arrival &&
        person.arrival.arrivedOn >= shiftDate(DATE, -13) &&
        person.arrival.arrivedOn <= DATE
      )
        arrivals.set(person.communityCode, (arrivals.get(person.communityCode) ?? 0) + 1);
    }
    const [code, count] = [...arrivals].sort((a, b) => b[1] - a[1])[0]!;
    const row = await risk('risk_assessments')
      .where({ assessed_on: DATE, community_code: code })
      .first();
    expect(row.resident_count).toBe(residents.get(code));
    const contribution = row.contributions.find(
      (c: { code: string }) => c.code === 'KEY_REGION_ARRIVALS_14D',
    );
    expect(contribution.rawValue).toBeCloseTo((count * 1000) / residents.get(code)!, 3);
    // The elderly share comes from population's count of residents aged 65 or more.
    const elderly = Array.from({ length: city.residentCount }, (_, i) => city.person(i)).filter(
      (p) => p.communityCode === code && ageOn(p.birthDate, cityDate()) >= 65,
    ).length;
    const share = row.contributions.find((c: { code: string }) => c.code === 'ELDERLY_SHARE');
    expect(share.rawValue).toBeCloseTo(elderly / residents.get(code)!, 6);
  });

  it("answers a district's streets with colour counts and each red community's top indicators and residents, in one query", async () => {
    const query = `query ($date: Date) { district(code: "310104") { streets { code riskSummary(date: $date) { red yellow blue
      communities(level: RED) { score level community { code residentCount } contributions(top: 3) { indicator { code nameZh } contribution weight } } } } } }`;
    const { result, statements } = await countStatements(hub, () =>
      graphql(hub.gateway.url, query, { date: DATE }),
    );
    expect(result.errors).toBeUndefined();
    const streets = result.data!.district.streets as Array<{
      riskSummary: {
        red: number;
        yellow: number;
        blue: number;
        communities: Array<{
          score: number;
          level: string;
          community: { residentCount: number };
          contributions: Array<{ contribution: number }>;
        }>;
      };
    }>;
    expect(streets).toHaveLength(13);
    expect(
      streets.reduce(
        (sum, s) => sum + s.riskSummary.red + s.riskSummary.yellow + s.riskSummary.blue,
        0,
      ),
    ).toBe(957);
    const red = streets.flatMap((s) => s.riskSummary.communities);
    expect(red.length).toBe(streets.reduce((sum, s) => sum + s.riskSummary.red, 0));
    for (const community of red) {
      expect(community.score).toBeGreaterThanOrEqual(60);
      expect(community.contributions).toHaveLength(3);
      expect(community.contributions[0]!.contribution).toBeGreaterThanOrEqual(
        community.contributions[2]!.contribution,
      );
      expect(community.community.residentCount).toBeGreaterThan(0);
    }
    // Constant in the number of streets and communities: no statement per entity.
    expect(statements.risk!).toBeLessThanOrEqual(6);
    expect(statements.population!).toBeLessThanOrEqual(6);
  });

  it("explains a community's score: contributions add up to it, and the map and history agree", async () => {
    const map = await graphql(
      hub.gateway.url,
      'query ($date: Date) { district(code: "310104") { riskMap(date: $date) { date communities { communityCode score level } } } }',
      { date: DATE },
    );
    expect(map.errors).toBeUndefined();
    const points = map.data!.district.riskMap.communities as Array<{
      communityCode: string;
      score: number;
      level: string;
    }>;
    expect(points).toHaveLength(957);
    const top = [...points].sort((a, b) => b.score - a.score)[0]!;
    const detail = await graphql(
      hub.gateway.url,
      'query ($code: ID!, $date: Date!) { community(code: $code) { name risk(date: $date) { score level weightCovered contributions { contribution available rawValue } } riskHistory(from: $date, to: $date) { score } } }',
      { code: top.communityCode, date: DATE },
    );
    expect(detail.errors).toBeUndefined();
    const assessment = detail.data!.community.risk;
    expect(assessment.score).toBe(top.score);
    expect(assessment.contributions).toHaveLength(13);
    expect(
      assessment.contributions.reduce(
        (sum: number, c: { contribution: number }) => sum + c.contribution,
        0,
      ),
    ).toBeCloseTo(assessment.score, 1);
    expect(detail.data!.community.riskHistory).toEqual([{ score: top.score }]);
  });

  it('starts a run on demand for an official and refuses a bad model version with BAD_USER_INPUT', async () => {
    const date = shiftDate(DATE, -1);
    const started = await graphql(
      hub.gateway.url,
      'mutation ($date: Date) { startRiskRun(date: $date) { id status trigger } }',
      { date },
    );
    expect(started.errors).toBeUndefined();
    expect(started.data!.startRiskRun).toMatchObject({ status: 'RUNNING', trigger: 'OFFICIAL' });
    let status = 'RUNNING';
    for (let i = 0; i < 100 && status === 'RUNNING'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const run = await graphql(
        hub.gateway.url,
        'query ($id: ID!) { riskRun(id: $id) { status communitiesAssessed } }',
        { id: started.data!.startRiskRun.id },
      );
      status = run.data!.riskRun.status;
    }
    expect(status).toBe('SUCCEEDED');
    const model = await graphql(
      hub.gateway.url,
      '{ riskModel { version indicators { code name nameZh weight floor cap unit source } } }',
    );
    const indicators = model.data!.riskModel.indicators.map(
      (item: { weight: number }, i: number) => ({ ...item, weight: i === 0 ? 0.22 : item.weight }),
    );
    const refused = await graphql(
      hub.gateway.url,
      'mutation ($input: RiskModelInput!) { publishRiskModel(input: $input) { version } }',
      { input: { note: 'too heavy', indicators } },
    );
    expect(refused.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argumentName: 'indicators[0].weight',
    });
  });

  it('ingests case reports idempotently, record by record, from their feed role only', async () => {
    const person = testCity().person(7);
    const recordId = `e2e-${Date.now().toString(36)}`;
    const reports = [
      {
        recordId,
        idNumber: person.idNumber,
        kind: 'CLOSE_CONTACT',
        reportedOn: DATE,
        communityCode: person.communityCode,
      },
      {
        recordId: `${recordId}-bad`,
        idNumber: person.idNumber,
        kind: 'CONFIRMED',
        reportedOn: '2999-01-01',
        communityCode: person.communityCode,
      },
    ];
    const mutation =
      'mutation ($reports: [CaseReportInput!]!) { ingestCaseReports(reports: $reports) { applied superseded duplicates rejected rejections { index field reason } } }';
    const feed = await authHeaders({ subject: 'case-system', roles: ['case-report-feed'] }, null);
    const first = await graphql(hub.gateway.url, mutation, { reports }, feed);
    expect(first.data!.ingestCaseReports).toEqual({
      applied: 1,
      superseded: 0,
      duplicates: 0,
      rejected: 1,
      rejections: [{ index: 1, field: 'reportedOn', reason: 'is in the future' }],
    });
    const again = await graphql(hub.gateway.url, mutation, { reports: reports.slice(0, 1) }, feed);
    expect(again.data!.ingestCaseReports).toMatchObject({ applied: 0, duplicates: 1 });
    const changed = await graphql(
      hub.gateway.url,
      mutation,
      { reports: [{ ...reports[0], kind: 'HOME_QUARANTINE' }] },
      feed,
    );
    expect(changed.data!.ingestCaseReports).toMatchObject({ applied: 1, duplicates: 0 });
    const commission = await authHeaders({ roles: ['health-commission'] }, null);
    const refused = await graphql(hub.gateway.url, mutation, { reports }, commission);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
