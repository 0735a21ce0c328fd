import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { InProcessHub } from '@cityhub/launcher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStreetOfficeApp } from '../packages/client/example/street-office-app.js';
import { ForbiddenError } from '../packages/client/src/index.js';
import { freshEnterprise, registrant } from '../subgraphs/enterprises/test/fixtures.js';
import { freshIdNumber, freshSite } from '../subgraphs/sites/test/support.js';
import { testDatabase } from './support/database.js';
import { startTestHub, testCity, testToken } from './support/hub.js';

const enterprisesDb = testDatabase('enterprises');
const sitesDb = testDatabase('sites');
let hub: InProcessHub;
let app: ReturnType<typeof createStreetOfficeApp>;
beforeAll(async () => {
  hub = await startTestHub();
  app = createStreetOfficeApp({ hubUrl: hub.gateway.url });
});
afterAll(async () => {
  await hub?.stop();
  await enterprisesDb.destroy();
  await sitesDb.destroy();
});

const STREET = '310104003';
const official = () =>
  testToken({ subject: `official-${STREET}`, roles: ['street-official'], streets: [STREET] });
const SCHEMA_HAS_RESIDENTS = /type Community\b[^}]*\bresidents\(/s.test(
  readFileSync(new URL('../schema/supergraph.graphql', import.meta.url), 'utf8'),
);

describe('the example street-office app through the gateway, one request a step', () => {
  it('opens a filing; the representative sees its staff by name and approves them', async () => {
    const enterprise = await freshEnterprise(enterprisesDb, { streetCode: STREET });
    const personId = enterprise.legalRepPersonId;
    const representative = await testToken({
      subject: `resident-${personId}`,
      roles: ['legal-representative'],
      personId,
    });
    const code = await app.openFiling(await official(), enterprise.creditCode);
    const staff = [registrant(401), registrant(402)];
    for (const r of staff)
      await fetch(hub.gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query:
            'mutation ($code: String!, $r: RegistrantInput!) { registerForFiling(code: $code, registrant: $r) { registrationId } }',
          variables: { code, r },
        }),
      });

    const pending = await app.pendingStaff(representative, code);
    expect(pending.staff.map(({ name, idNumber }) => ({ name, idNumber }))).toEqual(
      staff.map(({ name, idNumber }) => ({ name, idNumber })),
    );
    expect(pending.counts).toEqual({ pending: 2, approved: 0, total: 2 });
    const named = pending.staff.filter((member) => member.name === staff[0]!.name);
    expect(
      await app.approveStaff(
        representative,
        code,
        named.map((m) => m.id),
      ),
    ).toEqual({
      decidedCount: 1,
      pendingCount: 1,
    });
    expect((await app.pendingStaff(representative, code)).counts).toEqual({
      pending: 1,
      approved: 1,
      total: 2,
    });

    // Another enterprise's representative is refused at the field, and the client says so.
    const stranger = await testToken({
      subject: 'resident-other',
      roles: ['legal-representative'],
      personId: 'someone-else',
    });
    const refused = await app.pendingStaff(stranger, code).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ForbiddenError);
    expect((refused as ForbiddenError).errors.map((error) => error.path)).toEqual([
      ['filing', 'registrations'],
    ]);
  });

  it("files a contractor's report pre-filled from yesterday's", async () => {
    const ours = `91310104MA1${randomBytes(3).toString('hex').toUpperCase()}`;
    const site = await freshSite(sitesDb, { contractorCreditCode: ours });
    const contractor = await testToken({
      subject: `contractor-${ours}`,
      roles: ['contractor'],
      organization: ours,
    });
    const yesterday = [freshIdNumber('340102'), freshIdNumber('420106'), freshIdNumber('510104')];
    const response = await fetch(hub.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${contractor}` },
      body: JSON.stringify({
        query:
          'mutation ($input: DailyReportInput!) { submitDailyReport(input: $input) { report { id } } }',
        variables: {
          input: {
            siteId: site.id,
            reportDate: '2020-02-09',
            workers: yesterday.map((idNumber) => ({
              idNumber,
              name: '张建华',
              originCode: idNumber.slice(0, 6),
              arrivedOn: '2020-01-25',
            })),
          },
        },
      }),
    });
    expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();

    const filed = await app.fileReportLikeYesterday(contractor, site.id, '2020-02-10');
    expect(filed).toEqual({
      from: '2020-02-09',
      report: { reportDate: '2020-02-10', headcount: 3 },
    });
  });

  it.skipIf(!SCHEMA_HAS_RESIDENTS)("lists a community's residents", async () => {
    const person = testCity().person(0);
    const token = await testToken({
      subject: 'official',
      roles: ['street-official'],
      streets: [person.communityCode.slice(0, 9)],
    });
    const community = await app.communityResidents(token, person.communityCode);
    expect(community!.residents!.totalCount).toBeGreaterThan(0);
    expect(community!.residents!.edges.length).toBeGreaterThan(0);
  });
});
