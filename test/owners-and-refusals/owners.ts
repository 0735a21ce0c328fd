import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  freshEnterprise,
  personIdOf,
  registrant,
} from '../../subgraphs/enterprises/test/fixtures.js';
import { freshIdNumber, freshSite } from '../../subgraphs/sites/test/support.js';
import { authHeaders, testCity } from '../support/hub.js';
import { enterprisesDb, sitesDb, STREET, ask } from './refusals-hub.js';

describe('owners see their own data', () => {
  it('a legal representative approves named staff and sees its own counts exactly, each read audited', async () => {
    const enterprise = await freshEnterprise(enterprisesDb, { streetCode: STREET });
    const personId = enterprise.legalRepPersonId;
    const representative = await authHeaders(
      { subject: `resident-${personId}`, roles: ['legal-representative'], personId },
      null,
    );
    const opened = await ask(
      'mutation ($c: String!) { openFiling(creditCode: $c) { code } }',
      { c: enterprise.creditCode },
      representative,
    );
    const code = opened.data!.openFiling.code as string;
    const staff = [registrant(301), registrant(302)];
    for (const r of staff)
      await ask(
        'mutation ($code: String!, $r: RegistrantInput!) { registerForFiling(code: $code, registrant: $r) { registrationId } }',
        { code, r },
        {},
      );
    const FILING =
      'query ($f: String!) { filing(code: $f) { registrations { totalCount edges { node { id name idNumber } } } registrationCounts { pending approved total } } }';
    const listed = await ask(FILING, { f: code }, representative);
    expect(listed.errors).toBeUndefined();
    const nodes = listed.data!.filing.registrations.edges.map((edge: any) => edge.node);
    expect(nodes.map((node: any) => [node.name, node.idNumber])).toEqual(
      staff.map((r) => [r.name, r.idNumber]),
    );
    expect(listed.data!.filing.registrationCounts).toEqual({ pending: 2, approved: 0, total: 2 });

    const decided = await ask(
      'mutation ($f: String!, $ids: [ID!]) { decideRegistrations(filingCode: $f, registrationIds: $ids, decision: APPROVE) { decidedCount } }',
      { f: code, ids: nodes.map((node: any) => node.id) },
      representative,
    );
    expect(decided.data!.decideRegistrations.decidedCount).toBe(2);
    const after = await ask(FILING, { f: code }, representative);
    expect(after.data!.filing.registrationCounts).toEqual({ pending: 0, approved: 2, total: 2 });

    // Anyone else without personal-data rights still sees them masked and the small counts withheld.
    const stranger = await authHeaders(
      { subject: 'someone', roles: ['street-official'], streets: [STREET] },
      null,
    );
    const masked = await ask(FILING, { f: code }, stranger);
    expect(masked.data!.filing.registrations.edges[0].node.name).not.toBe(staff[0]!.name);
    expect(masked.data!.filing.registrationCounts.approved).toBeNull();

    const reads = await ask(
      'query ($c: String!) { personalDataReads(filter: { callerId: $c }, first: 50) { edges { node { access fields } } } }',
      { c: `resident-${personId}` },
      await authHeaders({ subject: 'auditor', roles: ['auditor'] }),
    );
    const unmasked = reads
      .data!.personalDataReads.edges.map((edge: any) => edge.node)
      .filter((node: any) => node.fields.includes('Registration.name'));
    expect(unmasked.length).toBeGreaterThanOrEqual(2);
    expect(unmasked.every((node: any) => node.access !== 'MASKED')).toBe(true);
  });

  it("a shop's operator sees its own staff whole and its own counts exactly", async () => {
    const operator = testCity().person(12);
    const personId = personIdOf(12);
    const headers = await authHeaders(
      { subject: `resident-${personId}`, roles: ['legal-representative'], personId },
      null,
    );
    const shop = await ask(
      'mutation ($input: ShopInput!) { registerShop(input: $input) { id staffCode } }',
      {
        input: {
          name: `测试小店${randomBytes(2).toString('hex')}`,
          streetCode: operator.communityCode.slice(0, 9),
          address: '测试路1号',
          operatorIdNumber: operator.idNumber,
        },
      },
      headers,
    );
    expect(shop.errors).toBeUndefined();
    const { id, staffCode } = shop.data!.registerShop;
    const member = registrant(501);
    await ask(
      'mutation ($code: String!, $r: RegistrantInput!) { registerShopStaff(code: $code, registrant: $r) { registrationId } }',
      { code: staffCode, r: member },
      {},
    );
    const seen = await ask(
      'query ($id: ID!) { shop(id: $id) { staff { name idNumber } staffCounts { pending total } } }',
      { id },
      headers,
    );
    expect(seen.errors).toBeUndefined();
    expect(seen.data!.shop).toEqual({
      staff: [{ name: member.name, idNumber: member.idNumber }],
      staffCounts: { pending: 1, total: 1 },
    });
  });

  it("a contractor pre-fills today's report from its own workers of yesterday", async () => {
    const ours = `91310104MA1${randomBytes(3).toString('hex').toUpperCase()}`;
    const site = await freshSite(sitesDb, { contractorCreditCode: ours });
    const contractor = (organization: string) =>
      authHeaders(
        { subject: `contractor-${organization}`, roles: ['contractor'], organization },
        null,
      );
    const workers = [freshIdNumber('340102'), freshIdNumber('420106')].map((idNumber, i) => ({
      idNumber,
      name: ['王建国', '李卫东'][i]!,
      originCode: idNumber.slice(0, 6),
      arrivedOn: '2020-01-20',
    }));
    const SUBMIT =
      'mutation ($input: DailyReportInput!) { submitDailyReport(input: $input) { report { reportDate headcount } } }';
    const own = await contractor(ours);
    const yesterday = await ask(
      SUBMIT,
      { input: { siteId: site.id, reportDate: '2020-02-09', workers } },
      own,
    );
    expect(yesterday.errors).toBeUndefined();
    const LATEST =
      'query ($id: ID!) { site(id: $id) { latestReport { reportDate headcount workers { idNumber name originCode arrivedOn } } } }';
    const latest = await ask(LATEST, { id: site.id }, own);
    expect(latest.errors).toBeUndefined();
    expect(latest.data!.site.latestReport).toEqual({
      reportDate: '2020-02-09',
      headcount: 2,
      workers,
    });
    const today = await ask(
      SUBMIT,
      {
        input: {
          siteId: site.id,
          reportDate: '2020-02-10',
          workers: latest.data!.site.latestReport.workers,
        },
      },
      own,
    );
    expect(today.data!.submitDailyReport.report).toEqual({
      reportDate: '2020-02-10',
      headcount: 2,
    });

    const other = await ask(LATEST, { id: site.id }, await contractor('91310104MA1FL00002'));
    expect(other.data!.site.latestReport.headcount).toBeNull();
    expect(other.data!.site.latestReport.workers[0].name).toBe('王**');
  });
});
