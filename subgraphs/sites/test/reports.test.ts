import { personIdFor } from '@cityhub/kit';
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/support/database.js';
import { problemsOf } from '../../../test/support/problems.js';
import { PERSON_KEY, TODAY, freshIdNumber, freshSite, managersFor, worker } from './support.js';

const db = testDatabase('sites');
afterAll(() => db.destroy());

describe('daily reports on a real PostgreSQL', () => {
  it('derive headcount, new arrivals against the previous report, and origins', async () => {
    const { reportManager, workers } = managersFor(db);
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
    const listed = await workers.workersByReports([second.report!.id]);
    expect(listed.map((w) => [w.idNumber, w.isNew])).toEqual([
      [b, false],
      [c, false],
      [d, true],
      [e, true],
    ]);
    expect(listed[0]!.personId).toBe(personIdFor(b, PERSON_KEY));
    const origins = await workers.originCountsByReports([second.report!.id]);
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
    const { reportManager, reports, workers } = managersFor(db);
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
    expect((await workers.workersByReports([v1.id])).map((w) => w.idNumber)).toEqual([a, b]);
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
      streetCode: site.streetCode,
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
});
