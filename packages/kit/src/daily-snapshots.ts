import { Cron } from 'croner';
import { cityDate, shiftDate } from './city-calendar.js';
import type { Database } from './database.js';
import type { Logger } from './logger.js';
import { areaKeySql, type AreaLevel } from './time-series.js';
import type {
  SubgraphBaseContext,
  SubgraphDefinition,
  SubgraphRuntime,
} from './subgraph-server.js';

/** A department's daily snapshot of its own aggregates, which the series fields read. */
export interface DailySnapshotJob {
  /** Names the job in the log, e.g. `population.health-code-snapshots`. */
  name: string;
  /** Takes (or retakes) the snapshot of one closed city day. */
  take(date: string): Promise<void>;
  /** The days from `from` to `to` that have no snapshot yet. */
  missing(from: string, to: string): Promise<string[]>;
}

export interface DailySnapshotSchedule {
  /** City time (UTC+8) of the daily run, as minutes after midnight; the day before is taken. */
  atMinutes: number;
  /** On start, days up to yesterday this far back that have no snapshot are taken (backfill). */
  catchUpDays: number;
}

/** How many closed days before the seed's reference date each department backfills. */
export const SEED_HISTORY_DAYS = 31;

/** Five past midnight: yesterday is over, and the nightly risk run (02:00) comes later. */
export const DEFAULT_SNAPSHOT_SCHEDULE: DailySnapshotSchedule = {
  atMinutes: 5,
  catchUpDays: SEED_HISTORY_DAYS,
};

/**
 * Takes a department's snapshot every day for the day just closed, and on start for the days a
 * stopped hub missed. Every replica may run it: snapshots are keyed by day, so two runs write one.
 */
export function scheduleDailySnapshots(
  job: DailySnapshotJob,
  logger: Logger,
  schedule: DailySnapshotSchedule = DEFAULT_SNAPSHOT_SCHEDULE,
  now: () => Date = () => new Date(),
): { stop(): Promise<void> } {
  const log = logger.child({ job: job.name });
  const take = async (date: string) => {
    try {
      await job.take(date);
    } catch (error) {
      log.error({ err: error, date }, 'daily snapshot failed');
    }
  };
  const cron = new Cron(
    `${schedule.atMinutes % 60} ${Math.floor(schedule.atMinutes / 60)} * * *`,
    { timezone: 'Asia/Shanghai', protect: true },
    () => take(shiftDate(cityDate(now()), -1)),
  );
  const catchUp = catchUpSnapshots(job, schedule.catchUpDays, now()).catch((error) =>
    log.error({ err: error }, 'daily snapshot catch-up failed'),
  );
  log.info({ next: cron.nextRun()?.toISOString() }, 'daily snapshots scheduled');
  return {
    async stop() {
      cron.stop();
      await catchUp;
    },
  };
}

/** Takes every missing snapshot of the last `days` closed days, oldest first; returns the days taken. */
export async function catchUpSnapshots(
  job: DailySnapshotJob,
  days: number,
  at: Date = new Date(),
): Promise<string[]> {
  const yesterday = shiftDate(cityDate(at), -1);
  const missing = await job.missing(shiftDate(yesterday, 1 - days), yesterday);
  for (const date of missing) await job.take(date);
  return missing;
}

/** A store of daily snapshots: takes the given days (one statement for all), and finds missing ones. */
export interface DailySnapshotStore {
  take(dates: string[]): Promise<void>;
  missingDates(from: string, to: string): Promise<string[]>;
}

/** The daily job of a snapshot store. */
export function snapshotJobOf(name: string, store: DailySnapshotStore): DailySnapshotJob {
  return {
    name,
    take: (date) => store.take([date]),
    missing: (from, to) => store.missingDates(from, to),
  };
}

/** Fills every day from `from` to `to` that has no snapshot; returns the days filled. */
export async function backfillSnapshots(
  store: DailySnapshotStore,
  from: string,
  to: string,
): Promise<string[]> {
  const missing = await store.missingDates(from, to);
  await store.take(missing);
  return missing;
}

/** A department's definition whose background work also takes its daily snapshots. */
export function withDailySnapshots<TContext extends SubgraphBaseContext, TSettings = unknown>(
  definition: SubgraphDefinition<TContext, TSettings>,
  job: (runtime: SubgraphRuntime<TSettings>) => DailySnapshotJob,
): SubgraphDefinition<TContext, TSettings> {
  const other = definition.background;
  return {
    ...definition,
    background: (runtime) =>
      backgroundTogether(
        other ? other(runtime) : Promise.resolve({ stop: async () => {} }),
        Promise.resolve(scheduleDailySnapshots(job(runtime), runtime.logger)),
      ),
  };
}

/** Several background tasks of one department, started together and stopped in reverse order. */
export async function backgroundTogether(
  ...tasks: Array<Promise<{ stop(): Promise<void> }>>
): Promise<{ stop(): Promise<void> }> {
  const started = await Promise.all(tasks);
  return {
    async stop() {
      for (const task of started.reverse()) await task.stop();
    },
  };
}

/** The days from `from` to `to` that have no row in a snapshot table keyed by `snapshot_date`. */
export async function missingSnapshotDates(
  db: Database,
  table: string,
  from: string,
  to: string,
): Promise<string[]> {
  const { rows } = await db.raw<{ rows: Array<{ day: string }> }>(
    `/* ${table}.missingSnapshotDates */
     SELECT d::date::text AS day FROM generate_series(?::date, ?::date, interval '1 day') AS d
      WHERE NOT EXISTS (SELECT 1 FROM ?? s WHERE s.snapshot_date = d::date)
      ORDER BY 1`,
    [from, to, table],
  );
  return rows.map((row) => row.day);
}

/**
 * A department's seed followed by the backfill of its snapshots for the month before the seed's
 * reference date, so that a fresh hub draws trend lines at once. A rerun fills only missing days.
 */
export function withSnapshotBackfill<
  O extends { db: Database; city: { referenceDate: string }; logger: Logger },
  R,
>(
  seed: (options: O) => Promise<R>,
  backfill: (db: Database, from: string, to: string) => Promise<string[]>,
  what: string,
): (options: O) => Promise<R> {
  return async (options) => {
    const outcome = await seed(options);
    const to = shiftDate(options.city.referenceDate, -1);
    const days = await backfill(options.db, shiftDate(to, 1 - SEED_HISTORY_DAYS), to);
    if (days.length > 0) options.logger.info({ days: days.length }, `${what} backfilled`);
    return outcome;
  };
}

/** A snapshot table's figures summed per area and day, the newest `taken_at` with them. */
export async function sumSnapshotsByArea<R>(
  db: Database,
  query: {
    table: string;
    level: AreaLevel;
    codes: string[];
    from: string;
    to: string;
    /** Output name → column summed. */
    sums: Record<string, string>;
  },
): Promise<R[]> {
  const area = areaKeySql(query.level);
  return (await db(query.table)
    .comment(`${query.table}.seriesBy.${query.level}`)
    .select(db.raw(`${area} AS key`), db.raw('snapshot_date::text AS date'))
    .sum(query.sums)
    .max({ taken_at: 'taken_at' })
    .whereRaw(`${area} = ANY(?::text[])`, [query.codes])
    .whereBetween('snapshot_date', [query.from, query.to])
    .groupByRaw(`${area}, snapshot_date`)) as unknown as R[];
}
