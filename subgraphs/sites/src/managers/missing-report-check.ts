import { eventIdFor, hubEvent, type Database, type Logger } from '@cityhub/kit';
import { sitesOutbox } from '../events.js';
import type { MissingReportStore } from '../repositories/missing-report-store.js';

/** The event's identity: one per site and day, whichever run or replica finds it first. */
export function missingReportKey(siteId: string, date: string): string {
  return `${siteId}|${date}`;
}

/**
 * Finds the active construction sites whose daily report for `date` has not arrived, records
 * each finding and its event in one transaction. Run again (or on another replica), it finds
 * only sites not found before: each site and day is announced once.
 */
export async function checkMissingReports(
  db: Database,
  store: MissingReportStore,
  date: string,
  logger: Logger,
): Promise<number> {
  const found = await db.transaction(async (trx) => {
    const findings = store.in(trx);
    const sites = await findings.sitesWithoutReport(date);
    const recorded = await findings.record(
      sites.map((site) => ({
        siteId: site.id,
        reportDate: date,
        streetCode: site.streetCode,
        eventId: eventIdFor('sites.report_missing', missingReportKey(site.id, date)),
      })),
    );
    await sitesOutbox.add(
      trx,
      ...recorded.map((row) =>
        hubEvent(
          'sites.report_missing',
          { streetCode: row.streetCode },
          { siteId: row.siteId, date },
          new Date(),
          missingReportKey(row.siteId, date),
        ),
      ),
    );
    return recorded.length;
  });
  logger.info({ date, sites: found }, 'missing daily reports checked');
  return found;
}
