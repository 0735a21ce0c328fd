import { personIdFor } from '@cityhub/kit';
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/support/database.js';
import { problemsOf } from '../../../test/support/problems.js';
import { PERSON_KEY, TODAY, caller, freshIdNumber, freshSite, managersFor } from './support.js';

const db = testDatabase('sites');
afterAll(() => db.destroy());

const worker = (idNumber: string, arrivedOn = '2019-12-01') => ({
  idNumber,
  name: '王工',
  originCode: idNumber.slice(0, 6),
  arrivedOn,
});

describe('daily reports on a real PostgreSQL', () => {
  it('derive headcount, new arrivals against the previous report, and origins', async () => {
    const { reportManager, reports } = managersFor(db);
    const site = await freshSite(db);
    const [a, b, c, d, e] = [
      freshIdNumber('340102'),
      freshIdNumber('340102'),
      freshIdNumber('320102'),
      freshIdNumber('420106'),
      freshIdNumber('340102'),
    ];
    const first = await reportManager.submit({
      siteId: site.id,
      reportDate: '2020-02-08',
      workers: [worker(a), worker(b), worker(c)],
    });
    expect(first.report).toMatchObject({
      headcount: 3,
      newArrivalCount: 3,
      previousReportDate: null,
      version: 1,
    });
    const second = await reportManager.submit({
      siteId: site.id,
      reportDate: '2020-02-09',
      workers: [worker(b), worker(c), worker(d), worker(e)],
    });
    expect(second.report).toMatchObject({
      headcount: 4,
      newArrivalCount: 2,
      previousReportDate: '2020-02-08',
    });
    const listed = await reports.workersByReports([second.report!.id]);
    expect(listed.map((w) => [w.idNumber, w.isNew])).toEqual([
      [b, false],
      [c, false],
      [d, true],
      [e, true],
    ]);
    expect(listed[0]!.personId).toBe(personIdFor(b, PERSON_KEY));
    const origins = await reports.originCountsByReports([second.report!.id]);
    expect(
      origins.map((o) => ({
        origin: o.originCode,
        keyRegion: o.fromKeyRegion,
        workers: o.workers,
        newArrivals: o.newArrivals,
      })),
    ).toEqual([
      { origin: '340102', keyRegion: false, workers: 2, newArrivals: 1 },
      { origin: '320102', keyRegion: false, workers: 1, newArrivals: 0 },
      { origin: '420106', keyRegion: true, workers: 1, newArrivals: 1 },
    ]);
  });

  it('replace a report resubmitted for the same date and keep the earlier one as history', async () => {
    const { reportManager, reports } = managersFor(db);
    const site = await freshSite(db);
    const [a, b, c] = [freshIdNumber('340102'), freshIdNumber('340102'), freshIdNumber('340102')];
    const v1 = (
      await reportManager.submit({
        siteId: site.id,
        reportDate: '2020-02-09',
        workers: [worker(a), worker(b)],
      })
    ).report!;
    const v2 = (
      await reportManager.submit({
        siteId: site.id,
        reportDate: '2020-02-09',
        workers: [worker(a), worker(b), worker(c)],
      })
    ).report!;
    expect(v2).toMatchObject({ version: 2, headcount: 3, supersededAt: null });
    const current = await reports.currentReports([{ siteId: site.id, date: '2020-02-09' }]);
    expect(current.map((r) => r.id)).toEqual([v2.id]);
    const history = await reports.historyOfReports([v2.id]);
    expect(history.map((r) => [r.id, r.version, r.headcount])).toEqual([[v1.id, 1, 2]]);
    expect(history[0]!.supersededAt).not.toBeNull();
    expect((await reports.workersByReports([v1.id])).map((w) => w.idNumber)).toEqual([a, b]);
    expect(
      (await reports.reportsBySitesInRange([site.id], '2020-02-01', TODAY)).map((r) => r.id),
    ).toEqual([v2.id]);
  });

  it('open a screening case for exactly the new arrivals from key regions within 14 days, once', async () => {
    const { reportManager, screening } = managersFor(db);
    const site = await freshSite(db);
    const onBoth = freshIdNumber('420106');
    const [recent, edge, tooOld, notKey] = [
      freshIdNumber('420111'),
      freshIdNumber('420106'),
      freshIdNumber('420106'),
      freshIdNumber('340102'),
    ];
    await reportManager.submit({
      siteId: site.id,
      reportDate: '2020-02-09',
      workers: [worker(onBoth, '2019-01-01')],
    });
    const day = {
      siteId: site.id,
      reportDate: '2020-02-10',
      workers: [
        worker(onBoth, '2020-02-08'),
        worker(recent, '2020-02-10'),
        worker(edge, '2020-01-28'),
        worker(tooOld, '2020-01-27'),
        worker(notKey, '2020-02-09'),
      ],
    };
    const stored = await reportManager.submit(day);
    expect(stored.openedScreeningCases.map((c) => c.personId).sort()).toEqual(
      [personIdFor(recent, PERSON_KEY), personIdFor(edge, PERSON_KEY)].sort(),
    );
    expect(stored.openedScreeningCases[0]).toMatchObject({
      status: 'OPEN',
      siteId: site.id,
      streetCode: site.street_code,
      reportDate: '2020-02-10',
    });
    expect((await reportManager.submit(day)).openedScreeningCases).toEqual([]);
    expect(await screening.casesBySites([site.id], 'OPEN')).toHaveLength(2);
  });

  it('refuse a bad report whole, with reasons per worker, and store nothing', async () => {
    const { reportManager } = managersFor(db);
    const site = await freshSite(db);
    const good = freshIdNumber('340102');
    const counts = async () => ({
      reports: Number(
        (await db('daily_reports').where({ site_id: site.id }).count({ n: '*' }))[0]!.n,
      ),
      cases: Number(
        (await db('screening_cases').where({ site_id: site.id }).count({ n: '*' }))[0]!.n,
      ),
      workers: Number(
        (await db('report_workers').where({ id_number: good }).count({ n: '*' }))[0]!.n,
      ),
    });
    const before = await counts();
    const refused = await problemsOf(() =>
      reportManager.submit({
        siteId: site.id,
        reportDate: '2020-02-10',
        workers: [
          worker(good, '2020-02-09'),
          worker(good),
          worker('420106198503040000'),
          worker(freshIdNumber('420106'), '2020-02-11'),
        ],
      }),
    );
    expect(refused.map((p) => p.field)).toEqual([
      'input.workers[1].idNumber',
      'input.workers[2].idNumber',
      'input.workers[3].arrivedOn',
    ]);
    const future = await problemsOf(() =>
      reportManager.submit({ siteId: site.id, reportDate: '2020-02-11', workers: [worker(good)] }),
    );
    expect(future).toEqual([
      { field: 'input.reportDate', reason: 'is in the future (today is 2020-02-10)' },
    ]);
    const unknown = await problemsOf(() =>
      reportManager.submit({
        siteId: `${site.id}X`,
        reportDate: '2020-02-10',
        workers: [worker(good)],
      }),
    );
    expect(unknown).toEqual([{ field: 'input.siteId', reason: 'no such site' }]);
    expect(await counts()).toEqual(before);
  });

  it('let a contractor report only for its own sites, and store nothing otherwise', async () => {
    const ours = '91310104MA1FL00001';
    const site = await freshSite(db, { contractor_credit_code: ours });
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
    const { reportManager, reports, screening } = managersFor(db);
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
    expect((await reports.workersByReports([later.id])).map((w) => w.isNew)).toEqual([false, true]);
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
