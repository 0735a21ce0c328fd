import { recordsOf, rowCount, Store } from '@cityhub/kit';
import type { RawConnection } from './assessment-store.js';
import type { DbRiskRunRow, RunTrigger, SourceStatus } from './rows.js';

// A run still marked RUNNING after this long died with its process; it no longer blocks a rerun.
const STALE_RUN_MINUTES = 60;

/** Runs of the model. The only SQL about them. */
export class RunStore extends Store {
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
    const [run] = await recordsOf<DbRiskRunRow>(
      this.db
        .raw(
          `/* risk.startRun */
       INSERT INTO risk_runs (assessed_on, model_version, status, trigger, started_by) VALUES (?, ?, 'RUNNING', ?, ?)
       ON CONFLICT (assessed_on) WHERE status = 'RUNNING' DO NOTHING RETURNING *`,
          [date, modelVersion, trigger, startedBy],
        )
        .then((result) => result.rows),
    );
    return run ?? null;
  }

  async fail(id: number, error: string, sources: SourceStatus[]): Promise<void> {
    await this.db('risk_runs')
      .comment('risk.failRun')
      .where({ id })
      .update({
        status: 'FAILED',
        finished_at: this.db.fn.now(),
        error,
        sources: JSON.stringify(sources),
      });
  }

  /** Marks a run done, in the transaction (a raw client) that stored its assessments. */
  async succeeded(
    connection: RawConnection,
    id: number,
    communities: number,
    sources: SourceStatus[],
  ): Promise<void> {
    await connection.query(
      `/* risk.finishRun */ UPDATE risk.risk_runs SET status = 'SUCCEEDED', finished_at = now(), communities_assessed = $2, sources = $3::jsonb WHERE id = $1`,
      [id, communities, JSON.stringify(sources)],
    );
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
    return recordsOf<DbRiskRunRow>(
      this.db('risk_runs').comment('risk.runsByIds').select('*').whereIn('id', ids),
    );
  }

  /** Newest first by id. */
  page(limit: number, afterId: number | null): Promise<DbRiskRunRow[]> {
    const query = this.db('risk_runs').comment('risk.runsPage').select('*');
    if (afterId !== null) query.where('id', '<', afterId);
    return recordsOf<DbRiskRunRow>(query.orderBy('id', 'desc').limit(limit));
  }

  count(): Promise<number> {
    return rowCount(this.db('risk_runs'), 'risk.runsCount');
  }
}
