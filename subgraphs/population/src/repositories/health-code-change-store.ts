import type { Database, FeedChannel, FeedOrigin } from '@cityhub/kit';

export type ChangeOutcome = 'APPLIED' | 'SUPERSEDED' | 'DUPLICATE' | 'UNKNOWN_PERSON';

export interface CheckedHealthCodeChange {
  sourceId: string;
  personId: string;
  color: 'GREEN' | 'YELLOW' | 'RED';
  changedAt: string;
}

export interface DbHealthCodeChangeRow {
  id: number;
  source_id: string;
  person_id: string;
  community_code: string | null;
  color: 'GREEN' | 'YELLOW' | 'RED';
  changed_at: Date;
  feed: FeedChannel;
  recorded_by: string;
  recorded_at: Date;
  applied: boolean;
}

/** Health-code changes from the feeds and the residents' current colour they move. */
export class HealthCodeChangeStore {
  constructor(private readonly db: Database) {}

  /**
   * Records a batch in one statement: a source id seen before is a duplicate; per resident the
   * newest change of the batch moves the colour, and only when newer than the current one (so
   * an out-of-order change is kept as history only). Answers each change's outcome.
   */
  async record(
    changes: readonly CheckedHealthCodeChange[],
    origin: FeedOrigin,
  ): Promise<Map<string, ChangeOutcome>> {
    const { rows } = await this.db.raw<{
      rows: Array<{ source_id: string; outcome: ChangeOutcome }>;
    }>(
      `/* population.recordHealthCodeChanges */
       WITH input AS (
         SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[])
             AS u(source_id, person_id, color, changed_at)),
       known AS (
         SELECT i.*, r.community_code,
                i.changed_at > r.health_code_changed_at
                  AND row_number() OVER (PARTITION BY i.person_id ORDER BY i.changed_at DESC, i.source_id DESC) = 1
                  AS newest
           FROM input i JOIN residents r ON r.id = i.person_id
          WHERE NOT EXISTS (SELECT 1 FROM health_code_changes h WHERE h.source_id = i.source_id)),
       inserted AS (
         INSERT INTO health_code_changes (source_id, person_id, community_code, color, changed_at, feed, recorded_by, applied)
         SELECT source_id, person_id, community_code, color, changed_at, ?, ?, newest FROM known
         ON CONFLICT (source_id) DO NOTHING
         RETURNING source_id, person_id, color, changed_at, applied),
       moved AS (
         UPDATE residents r SET health_code = n.color, health_code_changed_at = n.changed_at
           FROM inserted n
          WHERE n.applied AND r.id = n.person_id AND n.changed_at > r.health_code_changed_at
          RETURNING r.id)
       SELECT i.source_id,
              CASE WHEN n.source_id IS NOT NULL THEN CASE WHEN n.applied THEN 'APPLIED' ELSE 'SUPERSEDED' END
                   WHEN EXISTS (SELECT 1 FROM residents r WHERE r.id = i.person_id) THEN 'DUPLICATE'
                   ELSE 'UNKNOWN_PERSON' END AS outcome
         FROM input i LEFT JOIN inserted n ON n.source_id = i.source_id`,
      [
        changes.map((c) => c.sourceId),
        changes.map((c) => c.personId),
        changes.map((c) => c.color),
        changes.map((c) => c.changedAt),
        origin.channel,
        origin.recordedBy,
      ],
    );
    return new Map(rows.map((row) => [row.source_id, row.outcome]));
  }

  /** Each person's latest `perPerson` changes, newest first, for many people in one statement. */
  async historyOfPeople(
    personIds: readonly string[],
    perPerson: number,
  ): Promise<DbHealthCodeChangeRow[]> {
    const { rows } = await this.db.raw<{ rows: DbHealthCodeChangeRow[] }>(
      `/* population.healthCodeHistory */
       SELECT h.* FROM unnest(?::text[]) AS p(id)
        CROSS JOIN LATERAL (SELECT * FROM health_code_changes c WHERE c.person_id = p.id
                             ORDER BY c.changed_at DESC, c.id DESC LIMIT ?) h`,
      [[...personIds], perPerson],
    );
    return rows;
  }
}
