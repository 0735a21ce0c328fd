import { describe, expect, it } from 'vitest';
import { freshCreditCode } from '../../../subgraphs/enterprises/test/fixtures.js';
import { authHeaders, graphql, subgraphHeaders, testCaller } from '../../support/hub.js';
import { sites, hub, city, codeOf, ask, apiKey, freshSite } from './rows-hub.js';

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
