import { firstRecordOf, recordsOf, recordsWhereIn, Store } from '@cityhub/kit';
import type { IndicatorDefinition } from '../managers/risk-model.js';
import type { DbRiskModelRow } from './rows.js';

/** Versions of the risk model. The only SQL about them. */
export class ModelStore extends Store {
  latest(): Promise<DbRiskModelRow | null> {
    return firstRecordOf<DbRiskModelRow>(
      this.db('risk_models')
        .comment('risk.latestModel')
        .select('*')
        .orderBy('version', 'desc')
        .limit(1),
    );
  }

  byVersions(versions: readonly number[]): Promise<DbRiskModelRow[]> {
    const query = this.db('risk_models').comment('risk.modelsByVersions');
    return recordsWhereIn<DbRiskModelRow>(query, 'version', versions);
  }

  all(): Promise<DbRiskModelRow[]> {
    return recordsOf<DbRiskModelRow>(
      this.db('risk_models').comment('risk.allModels').select('*').orderBy('version', 'desc'),
    );
  }

  /** The next version number is taken inside the insert, so two publishers never share one. */
  async publish(
    note: string,
    indicators: IndicatorDefinition[],
    publishedBy: string,
  ): Promise<DbRiskModelRow> {
    const [model] = await recordsOf<DbRiskModelRow>(
      this.db
        .raw(
          `/* risk.publishModel */
       INSERT INTO risk_models (version, note, indicators, published_by)
       SELECT coalesce(max(version), 0) + 1, ?, ?::jsonb, ? FROM risk_models
       RETURNING *`,
          [note, JSON.stringify(indicators), publishedBy],
        )
        .then((result) => result.rows),
    );
    return model!;
  }
}
