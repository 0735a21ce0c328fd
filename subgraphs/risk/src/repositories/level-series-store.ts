import {
  areaKeySql,
  type AreaLevel,
  type Database,
  type DatedFigures,
  type FiguresPoint,
  type FiguresSeries,
} from '@cityhub/kit';

/** Communities of an area by risk level on one assessed day. */
export const LEVELS = ['red', 'yellow', 'blue'] as const;
type Level = (typeof LEVELS)[number];
export type LevelCountsRow = DatedFigures<Level>;

export type RiskLevelSeriesParent = FiguresSeries<Level>;
export type RiskLevelPointParent = FiguresPoint<Level>;

/** Level counts per assessed day, read straight from the stored assessments (they are dated already). */
export class LevelSeriesStore {
  constructor(private readonly db: Database) {}

  /** Each area's communities by level per assessed day from `from` to `to`, in one statement. */
  countsOver(
    level: AreaLevel,
    codes: string[],
    from: string,
    to: string,
  ): Promise<LevelCountsRow[]> {
    const area = areaKeySql(level, 'a.');
    return this.db('risk_assessments as a')
      .comment(`risk.levelSeriesBy.${level}`)
      .join('risk_runs as r', 'r.id', 'a.run_id')
      .select(this.db.raw(`${area} AS key`), this.db.raw('a.assessed_on::text AS date'))
      .select(
        this.db.raw(
          `count(*) FILTER (WHERE a.level = 'RED') AS red, count(*) FILTER (WHERE a.level = 'YELLOW') AS yellow,
           count(*) FILTER (WHERE a.level = 'BLUE') AS blue, max(coalesce(r.finished_at, r.started_at)) AS taken_at`,
        ),
      )
      .whereRaw(`${area} = ANY(?::text[])`, [codes])
      .whereBetween('a.assessed_on', [from, to])
      .groupByRaw(`${area}, a.assessed_on`) as unknown as Promise<LevelCountsRow[]>;
  }
}
