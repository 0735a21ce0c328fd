import { createLogger, eventIdFor } from '@cityhub/kit';
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/support/database.js';
import { checkMissingReports } from '../src/managers/missing-report-check.js';
import { MissingReportStore } from '../src/repositories/missing-report-store.js';
import { scheduleMissingReportChecks } from '../src/schedule.js';
import { freshSite } from './support.js';

const db = testDatabase('sites');
afterAll(() => db.destroy());
const logger = createLogger('sites-test', 'silent');
const store = new MissingReportStore(db);

/** A day of its own, so that other tests' sites and reports never meet this one's. */
function isolatedDate(): string {
  const day = 1 + Math.floor(Math.random() * 360);
  return new Date(Date.UTC(2041, 0, day)).toISOString().slice(0, 10);
}

const eventsOf = (siteId: string, date: string) =>
  db('event_outbox')
    .where({ type: 'sites.report_missing' })
    .whereRaw('data @> ?::jsonb', [JSON.stringify({ siteId, date })]);

describe('the missing daily report check', () => {
  it('announces each site without its report once, however often and on however many replicas it runs', async () => {
    const date = isolatedDate();
    const missing = await freshSite(db);
    const reported = await freshSite(db);
    const suspended = await freshSite(db, { status: 'SUSPENDED' });
    await db('daily_reports').insert({
      site_id: reported.id,
      report_date: date,
      version: 1,
      submitted_by: 'test',
      headcount: 3,
      new_arrival_count: 0,
    });
    // Two replicas at the deadline, then a rerun.
    await Promise.all([
      checkMissingReports(db, store, date, logger),
      checkMissingReports(db, store, date, logger),
    ]);
    await checkMissingReports(db, store, date, logger);
    const events = await eventsOf(missing.id, date);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      id: eventIdFor('sites.report_missing', `${missing.id}|${date}`),
      source: 'sites',
      street_code: missing.streetCode,
      data: { siteId: missing.id, date },
    });
    expect(await eventsOf(reported.id, date)).toHaveLength(0);
    expect(await eventsOf(suspended.id, date)).toHaveLength(0);
    expect(await db('missing_reports').where({ site_id: missing.id }).pluck('report_date')).toEqual(
      [date],
    );
  });

  it('checks on start when the day’s deadline has passed, and not before it', async () => {
    const date = isolatedDate();
    const site = await freshSite(db);
    const settings = { deadlineMinutes: 10 * 60, enabled: true };
    const before = scheduleMissingReportChecks(
      { db, logger },
      settings,
      () => new Date(`${date}T09:59:00+08:00`),
    );
    await before.stop();
    expect(await eventsOf(site.id, date)).toHaveLength(0);
    const after = scheduleMissingReportChecks(
      { db, logger },
      settings,
      () => new Date(`${date}T10:00:00+08:00`),
    );
    await after.stop();
    expect(await eventsOf(site.id, date)).toHaveLength(1);
  });
});
