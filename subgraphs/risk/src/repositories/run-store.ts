import type { Database, HubEvent } from '@cityhub/kit';
import { riskOutbox } from '../events.js';
import type { DbRiskRunRow, RunTrigger, SourceStatus } from './rows.js';

// A run still marked RUNNING after this long died with its process; it no longer blocks a rerun.
const STALE_RUN_MINUTES = 60;

/** Runs of the model. The only SQL about them. */
export class RunStore {
  constructor(private readonly db: Database) {}

  /** Starts a run, or returns null when one for the date is already running. */
  async start(
    date: string,
    modelVersion: number,
    trigger: RunTrigger,
    startedBy: string,
  ): Promise<DbRiskRunRow | null> {
    await this.db('risk_runs')
      .comment('risk.failStaleRuns')
      .where({ status: 'RUNNING', assessed_on: date })
      .whereRaw(`started_at < now() - interval '${STALE_RUN_MINUTES} minutes'`)
      .update({
        status: 'FAILED',
        finished_at: this.db.fn.now(),
        error: 'the run stopped without finishing (process ended)',
      });
    const { rows } = await this.db.raw<{ rows: DbRiskRunRow[] }>(
      `/* risk.startRun */
       INSERT INTO risk_runs (assessed_on, model_version, status, trigger, started_by) VALUES (?, ?, 'RUNNING', ?, ?)
       ON CONFLICT (assessed_on) WHERE status = 'RUNNING' DO NOTHING RETURNING *`,
      [date, modelVersion, trigger, startedBy],
    );
    return (rows[0] as DbRiskRunRow | undefined) ?? null;
  }

  async fail(
    id: number,
    error: string,
    sources: SourceStatus[],
    events: HubEvent[] = [],
  ): Promise<void> {
    await this.db.transaction(async (trx) => {
      await trx('risk_runs')
        .comment('risk.failRun')
        .where({ id })
        .update({
          status: 'FAILED',
          finished_at: this.db.fn.now(),
          error,
          sources: JSON.stringify(sources),
        });
      await riskOutbox.add(trx, ...events);
    });
  }

  /** Whether a date is assessed already or being assessed: what a catch-up run checks first. */
  async coveredOn(date: string): Promise<boolean> {
    const row = await this.db('risk_runs')
      .comment('risk.runCoveringDate')
      .select('id')
      .where({ assessed_on: date })
      .where((covering) =>
        covering
          .where({ status: 'SUCCEEDED' })
          .orWhere((running) =>
            running
              .where({ status: 'RUNNING' })
              .whereRaw(`started_at >= now() - interval '${STALE_RUN_MINUTES} minutes'`),
          ),
      )
      .first();
    return row !== undefined;
  }

  byIds(ids: readonly number[]): Promise<DbRiskRunRow[]> {
    return this.db('risk_runs').comment('risk.runsByIds').select('*').whereIn('id', ids);
  }

  /** Newest first by id. */
  page(limit: number, afterId: number | null): Promise<DbRiskRunRow[]> {
    const query = this.db('risk_runs').comment('risk.runsPage').select('*');
    if (afterId !== null) query.where('id', '<', afterId);
    return query.orderBy('id', 'desc').limit(limit);
  }

  async count(): Promise<number> {
    const [row] = await this.db('risk_runs').comment('risk.runsCount').count({ total: '*' });
    return Number(row?.total ?? 0);
  }
}
