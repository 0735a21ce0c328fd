import type pg from 'pg';
import { copyRows, type CopyValue, type Database } from '@cityhub/kit';
import { SyntheticCity, type SeedOptions, type SeedOutcome } from '@cityhub/synthetic-city';
import { constructionSites, venues } from './site-catalogue.js';
import { simulateSite } from './crew-simulation.js';
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
 * screening cases. Reports go site by site in chunks, each chunk with its progress mark in one
 * transaction, so an interrupted seed resumes where it stopped and a rerun of a finished one does
 * nothing.
 */
export async function seedSites({
  db,
  city,
  personIdKey,
  logger,
  onProgress,
  chunkSize = 20,
}: SeedOptions & { chunkSize?: number }): Promise<SeedOutcome> {
  const preset = city.preset.name;
  const existing = await db('seed_runs').where({ preset }).first();
  if (existing?.finished_at) return 'already-seeded';
  // A resumed run continues with the seed and date it began with, so its halves match.
  const source =
    existing && (existing.seed !== city.seed || existing.reference_date !== city.referenceDate)
      ? new SyntheticCity(city.preset, existing.seed, existing.reference_date)
      : city;
  if (source !== city)
    logger.info(
      { preset, seed: existing.seed, referenceDate: existing.reference_date },
      'resuming the earlier seed run with its own seed and date',
    );
  const sites = constructionSites(source);
  if (!existing) await seedCatalogue(db, source, sites);
  const started = Date.now();
  let done: number = existing?.sites_done ?? 0;
  while (done < sites.length) {
    const end = Math.min(done + chunkSize, sites.length);
    const rows = await seedReportChunk(db, source, personIdKey, sites, done, end);
    done = end;
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    onProgress?.({
      step: 'construction sites (daily reports)',
      done,
      total: sites.length,
      rowsPerSecond: Math.round(rows / seconds),
    });
  }
  await db('seed_runs').where({ preset }).update({ finished_at: db.fn.now() });
  await db.raw(
    'ANALYZE sites; ANALYZE daily_reports; ANALYZE report_workers; ANALYZE screening_cases; ANALYZE venue_visitor_counts',
  );
  return existing ? 'resumed' : 'seeded';
}

async function seedCatalogue(
  db: Database,
  city: SyntheticCity,
  sites: ReturnType<typeof constructionSites>,
): Promise<void> {
  const venueRows = venues(city);
  await withConnection(db, async (connection) => {
    await connection.query('BEGIN');
    try {
      await insertSites(connection, [...sites, ...venueRows]);
      await copyRows(
        connection,
        'sites.venue_visitor_counts',
        ['site_id', 'hour', 'visitors'],
        venueCounts(city, venueRows),
      );
      await connection.query(
        'INSERT INTO sites.seed_runs (preset, seed, reference_date, sites_total) VALUES ($1, $2, $3, $4)',
        [city.preset.name, city.seed, city.referenceDate, sites.length],
      );
      await connection.query('COMMIT');
    } catch (error) {
      await connection.query('ROLLBACK');
      throw error;
    }
  });
}

async function insertSites(
  connection: pg.PoolClient,
  sites: ReturnType<typeof constructionSites>,
): Promise<void> {
  const columns = [
    'id',
    'kind',
    'name',
    'project',
    'status',
    'address',
    'street_code',
    'latitude',
    'longitude',
    'contractor_credit_code',
    'capacity',
  ] as const;
  await copyRows(
    connection,
    'sites.sites',
    [...columns],
    sites.map((site) => columns.map((column) => site[column] as CopyValue)),
  );
}

async function seedReportChunk(
  db: Database,
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
  let rows = 0;
  await withConnection(db, async (connection) => {
    await connection.query('BEGIN');
    try {
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
            `contractor-${site.contractor_credit_code}`,
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
            site.street_code,
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
      await connection.query('UPDATE sites.seed_runs SET sites_done = $1 WHERE preset = $2', [
        end,
        city.preset.name,
      ]);
      await connection.query('COMMIT');
      rows = reports.length + workers.length + cases.length;
    } catch (error) {
      await connection.query('ROLLBACK');
      throw error;
    }
  });
  return rows;
}

async function withConnection(
  db: Database,
  work: (connection: pg.PoolClient) => Promise<void>,
): Promise<void> {
  const connection = (await db.client.acquireConnection()) as pg.PoolClient;
  try {
    await work(connection);
  } finally {
    await db.client.releaseConnection(connection);
  }
}
