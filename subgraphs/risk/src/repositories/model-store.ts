import type { Database } from '@cityhub/kit';
import type { IndicatorDefinition } from '../model/indicators.js';
import type { DbRiskModelRow } from './rows.js';

/** Versions of the risk model. The only SQL about them. */
export class ModelStore {
  constructor(private readonly db: Database) {}

  latest(): Promise<DbRiskModelRow | undefined> {
    return this.db('risk_models')
      .comment('risk.latestModel')
      .select('*')
      .orderBy('version', 'desc')
      .first();
  }

  byVersions(versions: readonly number[]): Promise<DbRiskModelRow[]> {
    return this.db('risk_models')
      .comment('risk.modelsByVersions')
      .select('*')
      .whereIn('version', versions);
  }

  all(): Promise<DbRiskModelRow[]> {
    return this.db('risk_models').comment('risk.allModels').select('*').orderBy('version', 'desc');
  }

  /** The next version number is taken inside the insert, so two publishers never share one. */
  async publish(
    note: string,
    indicators: IndicatorDefinition[],
    publishedBy: string,
  ): Promise<DbRiskModelRow> {
    const { rows } = await this.db.raw<{ rows: DbRiskModelRow[] }>(
      `/* risk.publishModel */
       INSERT INTO risk_models (version, note, indicators, published_by)
       SELECT coalesce(max(version), 0) + 1, ?, ?::jsonb, ? FROM risk_models
       RETURNING *`,
      [note, JSON.stringify(indicators), publishedBy],
    );
    return rows[0]!;
  }

  async ensureVersion(
    version: number,
    note: string,
    indicators: IndicatorDefinition[],
  ): Promise<void> {
    await this.db('risk_models')
      .comment('risk.ensureModel')
      .insert({ version, note, indicators: JSON.stringify(indicators), published_by: 'hub' })
      .onConflict('version')
      .ignore();
  }
}
