import { shiftDate } from '@cityhub/kit';
import { describe, expect, it } from 'vitest';
import { authHeaders, countStatements, graphql, testCity } from '../support/hub.js';
import { hub, DATE } from './risk-hub.js';

describe('the nightly risk run through the gateway', () => {
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
