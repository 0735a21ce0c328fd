import { copyRows, inRawTransaction, type Database, type HubEvent } from '@cityhub/kit';
import { riskOutbox } from '../events.js';
import type { RiskLevel } from '../model/scoring.js';
import type {
  DbAssessmentPointRow,
  DbAssessmentRow,
  DbLevelChangeRow,
  DbRiskRunRow,
  LevelCounts,
  SourceStatus,
} from './rows.js';

const ASSESSMENT_COLUMNS = [
  'assessed_on',
  'community_code',
  'street_code',
  'district_code',
  'run_id',
  'model_version',
  'score',
  'level',
  'weight_covered',
  'resident_count',
  'contributions',
];

export type NewAssessment = Omit<DbAssessmentRow, 'assessed_on' | 'run_id' | 'model_version'>;

/** Community assessments, per date. The only SQL about them. */
export class AssessmentStore {
  constructor(private readonly db: Database) {}

  /**
   * Replaces the date's assessments with the run's and marks the run done, in one transaction: a
   * reader sees the old day or the new one, never half of each. COPY keeps 10,806 rows fast.
   */
  async finishRun(
    run: DbRiskRunRow,
    assessments: NewAssessment[],
    sources: SourceStatus[],
    eventsFor: (previousLevels: Map<string, RiskLevel>) => HubEvent[] = () => [],
  ): Promise<void> {
    await inRawTransaction(this.db, async (connection) => {
      const previous = await connection.query<{ community_code: string; level: RiskLevel }>(
        `/* risk.levelsBeforeRun */ SELECT community_code, level FROM risk.risk_assessments
         WHERE assessed_on = (SELECT max(assessed_on) FROM risk.risk_assessments WHERE assessed_on <= $1)`,
        [run.assessed_on],
      );
      const previousLevels = new Map(previous.rows.map((row) => [row.community_code, row.level]));
      await connection.query(
        '/* risk.replaceAssessments */ DELETE FROM risk.risk_assessments WHERE assessed_on = $1',
        [run.assessed_on],
      );
      await copyRows(
        connection,
        'risk.risk_assessments',
        ASSESSMENT_COLUMNS,
        assessments.map((a) => [
          run.assessed_on,
          a.community_code,
          a.street_code,
          a.district_code,
          run.id,
          run.model_version,
          a.score,
          a.level,
          a.weight_covered,
          a.resident_count,
          JSON.stringify(a.contributions),
        ]),
      );
      await connection.query(
        `/* risk.finishRun */ UPDATE risk.risk_runs SET status = 'SUCCEEDED', finished_at = now(), communities_assessed = $2, sources = $3::jsonb WHERE id = $1`,
        [run.id, assessments.length, JSON.stringify(sources)],
      );
      await riskOutbox.add(connection, ...eventsFor(previousLevels));
    });
  }

  /** The latest date that has assessments, on or before a date. */
  async latestDate(onOrBefore: string | null): Promise<string | null> {
    const query = this.db('risk_runs')
      .comment('risk.latestAssessedDate')
      .max({ date: 'assessed_on' })
      .where({ status: 'SUCCEEDED' });
    if (onOrBefore) query.where('assessed_on', '<=', onOrBefore);
    const [row] = await query;
    return (row?.date as string | null) ?? null;
  }

  byCommunities(date: string, codes: readonly string[]): Promise<DbAssessmentRow[]> {
    return this.db('risk_assessments')
      .comment('risk.assessmentsByCommunities')
      .select('*')
      .where({ assessed_on: date })
      .whereIn('community_code', codes);
  }

  historyOf(codes: readonly string[], from: string, to: string): Promise<DbAssessmentRow[]> {
    return this.db('risk_assessments')
      .comment('risk.assessmentHistory')
      .select('*')
      .whereIn('community_code', codes)
      .whereBetween('assessed_on', [from, to])
      .orderBy('assessed_on');
  }

  byStreetsAndLevel(
    date: string,
    streetCodes: readonly string[],
    level: string | null,
  ): Promise<DbAssessmentRow[]> {
    const query = this.db('risk_assessments')
      .comment('risk.assessmentsByStreets')
      .select('*')
      .where({ assessed_on: date })
      .whereIn('street_code', streetCodes);
    if (level) query.where({ level });
    return query.orderBy([{ column: 'score', order: 'desc' }, { column: 'community_code' }]);
  }

  levelCountsByStreets(date: string, streetCodes: readonly string[]): Promise<LevelCounts[]> {
    return this.db('risk_assessments')
      .comment('risk.levelCountsByStreets')
      .select({ key: 'street_code' })
      .select(
        this.db.raw(
          `count(*) FILTER (WHERE level = 'RED') AS red, count(*) FILTER (WHERE level = 'YELLOW') AS yellow, count(*) FILTER (WHERE level = 'BLUE') AS blue`,
        ),
      )
      .where({ assessed_on: date })
      .whereIn('street_code', streetCodes)
      .groupBy('street_code') as unknown as Promise<LevelCounts[]>;
  }

  /** Every community of a district with its score and level: the dashboard's map, in one statement. */
  mapOf(districtCode: string, date: string): Promise<DbAssessmentPointRow[]> {
    return this.db('risk_assessments')
      .comment('risk.districtRiskMap')
      .select('community_code', 'score', 'level')
      .where({ assessed_on: date, district_code: districtCode })
      .orderBy('community_code');
  }

  async mapModelVersion(districtCode: string, date: string): Promise<number | null> {
    const row = await this.db('risk_assessments')
      .comment('risk.districtMapModel')
      .max({ version: 'model_version' })
      .where({ assessed_on: date, district_code: districtCode })
      .first();
    return (row?.version as number | null) ?? null;
  }

  /** Communities whose level on `date` differs from the day before. */
  levelChanges(districtCode: string, date: string): Promise<DbLevelChangeRow[]> {
    return this.db('risk_assessments as today')
      .comment('risk.levelChanges')
      .join('risk_assessments as before', (join) =>
        join
          .on('before.community_code', 'today.community_code')
          .andOn(this.db.raw('before.assessed_on = today.assessed_on - 1')),
      )
      .select('today.community_code', 'today.street_code', 'today.level', 'today.score', {
        previous_level: 'before.level',
        previous_score: 'before.score',
      })
      .where({ 'today.assessed_on': date, 'today.district_code': districtCode })
      .whereRaw('today.level <> before.level')
      .orderBy([{ column: 'today.score', order: 'desc' }, { column: 'today.community_code' }]);
  }
}
