import { afterAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/support/database.js';
import { TODAY, caller, freshIdNumber, freshSite, managersFor, worker } from './support.js';

const db = testDatabase('sites');
afterAll(() => db.destroy());

describe('daily reports on a real PostgreSQL: who may report, and late reports', () => {
  it('let a contractor report only for its own sites, and store nothing otherwise', async () => {
    const ours = '91310104MA1FL00001';
    const site = await freshSite(db, { contractorCreditCode: ours });
    const contractor = (organization: string) =>
      caller({ roles: ['contractor'], scopes: ['sites:read', 'sites:report'], organization });
    const other = managersFor(db, contractor('91310104MA1FL00002')).reportManager;
    await expect(
      other.submit({
        siteId: site.id,
        reportDate: '2020-02-09',
        workers: [worker(freshIdNumber('340102'))],
      }),
    ).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(await db('daily_reports').where({ site_id: site.id }).count({ n: '*' })).toEqual([
      { n: 0 },
    ]);
    const own = managersFor(db, contractor(ours)).reportManager;
    expect(
      (
        await own.submit({
          siteId: site.id,
          reportDate: '2020-02-09',
          workers: [worker(freshIdNumber('340102'))],
        })
      ).report?.headcount,
    ).toBe(1);
  });

  it('rederive the following report when an earlier date is reported late', async () => {
    const { reportManager, reports, screening, workers } = managersFor(db);
    const site = await freshSite(db);
    const [a, b] = [freshIdNumber('340102'), freshIdNumber('420106')];
    await reportManager.submit({
      siteId: site.id,
      reportDate: '2020-02-01',
      workers: [worker(a), worker(b, '2020-01-31')],
    });
    const later = (
      await reportManager.submit({
        siteId: site.id,
        reportDate: '2020-02-05',
        workers: [worker(a), worker(b, '2020-01-31')],
      })
    ).report!;
    expect(later.newArrivalCount).toBe(0);
    // The late report for 02-03 lists only a: on 02-05, b is new again and, within 14 days, screened there.
    await reportManager.submit({ siteId: site.id, reportDate: '2020-02-03', workers: [worker(a)] });
    const [rederived] = await reports.reportsByIds([later.id]);
    expect(rederived).toMatchObject({ newArrivalCount: 1, previousReportDate: '2020-02-03' });
    expect((await workers.workersByReports([later.id])).map((w) => w.isNew)).toEqual([false, true]);
    const cases = await screening.casesBySites([site.id], null);
    expect(cases.map((c) => c.reportDate)).toEqual(['2020-02-01']);
  });

  it('keep a street official to the streets of their role', async () => {
    const site = await freshSite(db);
    const official = caller({ roles: ['street-official'], streets: ['310104003'] });
    await expect(
      managersFor(db, official).reportManager.submit({
        siteId: site.id,
        reportDate: TODAY,
        workers: [worker(freshIdNumber('340102'))],
      }),
    ).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
  });
});

describe('screening cases on a real PostgreSQL', () => {
  it('close once, recording the certificate and who checked', async () => {
    const { reportManager } = managersFor(db);
    const site = await freshSite(db);
    const opened = (
      await reportManager.submit({
        siteId: site.id,
        reportDate: TODAY,
        workers: [worker(freshIdNumber('420106'), '2020-02-09')],
      })
    ).openedScreeningCases;
    expect(opened).toHaveLength(1);
    const supervisor = caller();
    const { screeningManager } = managersFor(db, supervisor);
    await expect(
      screeningManager.resolve({ caseId: String(opened[0]!.id), outcome: 'VERIFIED' }),
    ).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', argumentName: 'input.certificateNumber' },
    });
    const closed = await screeningManager.resolve({
      caseId: String(opened[0]!.id),
      outcome: 'VERIFIED',
      certificateNumber: 'GL2020021000001',
      note: '居家隔离14天证明已核验',
    });
    expect(closed).toMatchObject({
      status: 'VERIFIED',
      certificateNumber: 'GL2020021000001',
      checkedBy: supervisor.id,
    });
    expect(closed!.checkedAt).not.toBeNull();
    await expect(
      screeningManager.resolve({ caseId: String(opened[0]!.id), outcome: 'CLEARED' }),
    ).rejects.toMatchObject({ extensions: { code: 'CASE_ALREADY_RESOLVED' } });
    expect(
      await screeningManager.resolve({ caseId: '999999999999', outcome: 'CLEARED' }),
    ).toBeNull();
  });
});
