import type pg from 'pg';
import { columnsOf, copyRows, inRawTransaction, type CopyValue, type Database } from '@cityhub/kit';
import {
  runChunkedSeed,
  type SeedOptions,
  type SeedOutcome,
  type SyntheticCity,
} from '@cityhub/synthetic-city';
import { constructionSites, venues } from './site-catalogue.js';
import { simulateSite } from './crew-simulation.js';
import { SITE_COLUMNS } from '../repositories/site-store.js';
import { venueCounts } from './venue-profiles.js';

const REPORT_COLUMNS = [
  'id',
  'site_id',
  'report_date',
  'version',
  'submitted_at',
  'submitted_by',
  'superseded_at',
  'headcount',
  'new_arrival_count',
  'previous_report_date',
];
const WORKER_COLUMNS = [
  'report_id',
  'position',
  'person_id',
  'id_number',
  'name',
  'origin_code',
  'from_key_region',
  'arrived_on',
  'is_new',
];
const CASE_COLUMNS = [
  'site_id',
  'street_code',
  'person_id',
  'worker_name',
  'origin_code',
  'arrived_on',
  'report_date',
  'reason',
  'status',
  'opened_at',
  'certificate_number',
  'checked_by',
  'checked_at',
];

/**
 * Seeds sites, venues with their hourly counts, and every construction site's daily reports and
 * screening cases, site by site in chunks in the common resumable frame (`runChunkedSeed`).
 */
export function seedSites({
  chunkSize = 20,
  ...options
}: SeedOptions & { chunkSize?: number }): Promise<SeedOutcome> {
  return runChunkedSeed(options, {
    schema: 'sites',
    unit: 'sites',
    step: 'construction sites (daily reports)',
    chunkSize,
    plan: (source) => {
      const sites = constructionSites(source);
      return {
        total: sites.length,
        begin: () => seedCatalogue(options.db, source, sites),
        write: (client, start, end) =>
          copyReportChunk(client, source, options.personIdKey, sites, start, end),
      };
    },
    analyze: [
      'sites',
      'daily_reports',
      'report_workers',
      'screening_cases',
      'venue_visitor_counts',
    ],
  });
}

/** Sites, venues and the venues' counts, in one transaction: when sites are there, it is done. */
async function seedCatalogue(
  db: Database,
  city: SyntheticCity,
  sites: ReturnType<typeof constructionSites>,
): Promise<void> {
  const venueRows = venues(city);
  await inRawTransaction(db, async (connection) => {
    if ((await connection.query('SELECT 1 FROM sites.sites LIMIT 1')).rowCount) return;
    await insertSites(connection, [...sites, ...venueRows]);
    await copyRows(
      connection,
      'sites.venue_visitor_counts',
      ['site_id', 'hour', 'visitors'],
      venueCounts(city, venueRows),
    );
  });
}

async function insertSites(
  connection: pg.PoolClient,
  sites: ReturnType<typeof constructionSites>,
): Promise<void> {
  await copyRows(
    connection,
    'sites.sites',
    SITE_COLUMNS,
    sites.map((site) => {
      const columns = columnsOf(site);
      return SITE_COLUMNS.map((column) => columns[column] as CopyValue);
    }),
  );
}

async function copyReportChunk(
  connection: pg.PoolClient,
  city: SyntheticCity,
  personIdKey: string,
  sites: ReturnType<typeof constructionSites>,
  start: number,
  end: number,
): Promise<number> {
  const simulated = sites
    .slice(start, end)
    .map((site, i) => ({ site, ...simulateSite(city, site, start + i + 1, personIdKey) }));
  const reportCount = simulated.reduce((sum, s) => sum + s.reports.length, 0);
  const { rows: ids } = await connection.query<{ id: string }>(
    `/* sites.seedReportIds */ SELECT nextval('sites.daily_reports_id_seq')::text AS id FROM generate_series(1, $1)`,
    [reportCount],
  );
  const reports: CopyValue[][] = [];
  const workers: CopyValue[][] = [];
  const cases: CopyValue[][] = [];
  let next = 0;
  for (const { site, reports: siteReports, cases: siteCases } of simulated) {
    for (const report of siteReports) {
      const id = ids[next++]!.id;
      const submittedAt = `${report.reportDate}T${report.version === 1 ? '09' : '11'}:30:00+08:00`;
      reports.push([
        id,
        site.id,
        report.reportDate,
        report.version,
        submittedAt,
        `contractor-${site.contractorCreditCode}`,
        report.superseded ? `${report.reportDate}T11:30:00+08:00` : null,
        report.workers.length,
        report.newArrivalCount,
        report.previousReportDate,
      ]);
      report.workers.forEach((w, position) =>
        workers.push([
          id,
          position,
          w.personId,
          w.idNumber,
          w.name,
          w.originCode,
          w.fromKeyRegion,
          w.arrivedOn,
          w.isNew,
        ]),
      );
    }
    for (const c of siteCases)
      cases.push([
        site.id,
        site.streetCode,
        c.personId,
        c.workerName,
        c.originCode,
        c.arrivedOn,
        c.reportDate,
        c.reason,
        c.status,
        c.openedAt,
        c.certificateNumber,
        c.checkedBy,
        c.checkedAt,
      ]);
  }
  await copyRows(connection, 'sites.daily_reports', REPORT_COLUMNS, reports);
  await copyRows(connection, 'sites.report_workers', WORKER_COLUMNS, workers);
  await copyRows(connection, 'sites.screening_cases', CASE_COLUMNS, cases);
  return reports.length + workers.length + cases.length;
}
