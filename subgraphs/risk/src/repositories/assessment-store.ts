import { copyRows, recordsOf, Store } from '@cityhub/kit';
import type { RiskLevel } from '../managers/scoring.js';
import type {
  DbAssessmentPointRow,
  DbAssessmentRow,
  DbLevelChangeRow,
  DbRiskRunRow,
  LevelCounts,
} from './rows.js';

/** The raw client of a transaction that COPYs (see the kit's inRawTransaction). */
export type RawConnection = Parameters<typeof copyRows>[0];

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

export type NewAssessment = Omit<DbAssessmentRow, 'assessedOn' | 'runId' | 'modelVersion'>;

/**
 * The districts of street or community codes (their first six digits): named in a read as well, so
 * that the table, partitioned by district, is read in those districts' partitions only.
 */
const districtsOf = (codes: readonly string[]) => [
  ...new Set(codes.map((code) => code.slice(0, 6))),
];

/** Community assessments, per date. The only SQL about them. */
export class AssessmentStore extends Store {
  /** Each community's level on the latest day assessed up to a date, read in a run's transaction. */
  async levelsBefore(connection: RawConnection, date: string): Promise<Map<string, RiskLevel>> {
    const { rows } = await connection.query<{ community_code: string; level: RiskLevel }>(
      `/* risk.levelsBeforeRun */ SELECT community_code, level FROM risk.risk_assessments
       WHERE assessed_on = (SELECT max(assessed_on) FROM risk.risk_assessments WHERE assessed_on <= $1)`,
      [date],
    );
    return new Map(rows.map((row) => [row.community_code, row.level]));
  }

  /** Replaces the date's assessments with the run's; COPY keeps 10,806 rows fast. */
  async replaceDay(
    connection: RawConnection,
    run: DbRiskRunRow,
    assessments: NewAssessment[],
  ): Promise<void> {
    await connection.query(
      '/* risk.replaceAssessments */ DELETE FROM risk.risk_assessments WHERE assessed_on = $1',
      [run.assessedOn],
    );
    await copyRows(
      connection,
      'risk.risk_assessments',
      ASSESSMENT_COLUMNS,
      assessments.map((a) => [
        run.assessedOn,
        a.communityCode,
        a.streetCode,
        a.districtCode,
        run.id,
        run.modelVersion,
        a.score,
        a.level,
        a.weightCovered,
        a.residentCount,
        JSON.stringify(a.contributions),
      ]),
    );
  }

  /** The latest date that has assessments, on or before a date. */
  async latestDate(onOrBefore: string | null): Promise<string | null> {
    const query = this.db('risk_runs')
      .comment('risk.latestAssessedDate')
      .max({ date: 'assessed_on' })
      .where({ status: 'SUCCEEDED' });
    if (onOrBefore) query.where('assessed_on', '<=', onOrBefore);
    const [row] = await query;
    return row?.date ?? null;
  }

  byCommunities(date: string, codes: readonly string[]): Promise<DbAssessmentRow[]> {
    return recordsOf<DbAssessmentRow>(
      this.db('risk_assessments')
        .comment('risk.assessmentsByCommunities')
        .select('*')
        .where({ assessed_on: date })
        .whereIn('district_code', districtsOf(codes))
        .whereIn('community_code', codes),
    );
  }

  historyOf(codes: readonly string[], from: string, to: string): Promise<DbAssessmentRow[]> {
    return recordsOf<DbAssessmentRow>(
      this.db('risk_assessments')
        .comment('risk.assessmentHistory')
        .select('*')
        .whereIn('district_code', districtsOf(codes))
        .whereIn('community_code', codes)
        .whereBetween('assessed_on', [from, to])
        .orderBy('assessed_on'),
    );
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
      .whereIn('district_code', districtsOf(streetCodes))
      .whereIn('street_code', streetCodes);
    if (level) query.where({ level });
    return recordsOf<DbAssessmentRow>(
      query.orderBy([{ column: 'score', order: 'desc' }, { column: 'community_code' }]),
    );
  }

  levelCountsByStreets(date: string, streetCodes: readonly string[]): Promise<LevelCounts[]> {
    return recordsOf<LevelCounts>(
      this.db('risk_assessments')
        .comment('risk.levelCountsByStreets')
        .select({ key: 'street_code' })
        .select(
          this.db.raw(
            `count(*) FILTER (WHERE level = 'RED') AS red, count(*) FILTER (WHERE level = 'YELLOW') AS yellow, count(*) FILTER (WHERE level = 'BLUE') AS blue`,
          ),
        )
        .where({ assessed_on: date })
        .whereIn('district_code', districtsOf(streetCodes))
        .whereIn('street_code', streetCodes)
        .groupBy('street_code'),
    );
  }

  /** Every community of a district with its score and level: the dashboard's map, in one statement. */
  mapOf(districtCode: string, date: string): Promise<DbAssessmentPointRow[]> {
    return recordsOf<DbAssessmentPointRow>(
      this.db('risk_assessments')
        .comment('risk.districtRiskMap')
        .select('community_code', 'score', 'level')
        .where({ assessed_on: date, district_code: districtCode })
        .orderBy('community_code'),
    );
  }

  /** Communities whose level on `date` differs from the day before. */
  levelChanges(districtCode: string, date: string): Promise<DbLevelChangeRow[]> {
    return recordsOf<DbLevelChangeRow>(
      this.db('risk_assessments as today')
        .comment('risk.levelChanges')
        .join('risk_assessments as before', (join) =>
          join
            .on('before.district_code', 'today.district_code')
            .andOn('before.community_code', 'today.community_code')
            .andOn(this.db.raw('before.assessed_on = today.assessed_on - 1')),
        )
        .select('today.community_code', 'today.street_code', 'today.level', 'today.score', {
          previous_level: 'before.level',
          previous_score: 'before.score',
        })
        .where({ 'today.assessed_on': date, 'today.district_code': districtCode })
        .whereRaw('today.level <> before.level')
        .orderBy([{ column: 'today.score', order: 'desc' }, { column: 'today.community_code' }]),
    );
  }
}
