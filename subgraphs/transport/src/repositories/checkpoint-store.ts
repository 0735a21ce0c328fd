import { inWindow, recordOf, recordsOf, rowCount, Store, type Snaked } from '@cityhub/kit';
import type {
  DbCheckpointHourRow,
  DbCheckpointPassageRow,
  DbCheckpointRow,
  PassageFilter,
} from './rows.js';

const CHECKPOINT_COLUMNS = ['code', 'name', 'road', 'street_code', 'latitude', 'longitude'];
/** The columns of a passage the seed writes; the id is the table's own. */
export const PASSAGE_COLUMN_NAMES = [
  'checkpoint_code',
  'passed_at',
  'direction',
  'plate',
  'vehicle_kind',
  'origin_code',
  'occupants',
  'person_ids',
];
const PASSAGE_COLUMNS = ['id', ...PASSAGE_COLUMN_NAMES];

/** Traffic checkpoints (交通卡口) and the vehicles through them. */
export class CheckpointStore extends Store {
  allCheckpoints(): Promise<DbCheckpointRow[]> {
    return recordsOf<DbCheckpointRow>(
      this.db('checkpoints')
        .comment('transport.allCheckpoints')
        .select(CHECKPOINT_COLUMNS)
        .orderBy('code'),
    );
  }

  checkpointsByCodes(codes: readonly string[]): Promise<DbCheckpointRow[]> {
    return recordsOf<DbCheckpointRow>(
      this.db('checkpoints')
        .comment('transport.checkpointsByCodes')
        .select(CHECKPOINT_COLUMNS)
        .whereIn('code', codes),
    );
  }

  /** Vehicles and people per checkpoint and hour in [from, to), for many checkpoints in one statement. */
  async hourlyCounts(
    codes: readonly string[],
    from: Date,
    to: Date,
    keyRegionPrefixes: readonly string[],
  ): Promise<DbCheckpointHourRow[]> {
    const { rows } = await this.db.raw<{ rows: DbCheckpointHourRow[] }>(
      `/* transport.checkpointHourlyCounts */
       SELECT checkpoint_code AS "checkpointCode",
              floor(extract(epoch FROM passed_at) / 3600)::bigint AS "hourIndex",
              count(*) FILTER (WHERE direction = 'INBOUND')::int AS "inboundVehicles",
              count(*) FILTER (WHERE direction = 'OUTBOUND')::int AS "outboundVehicles",
              coalesce(sum(occupants) FILTER (WHERE direction = 'INBOUND'), 0)::int AS "inboundPeople",
              count(*) FILTER (WHERE direction = 'INBOUND' AND origin_code LIKE ANY(?::text[]))::int AS "keyRegionVehicles"
         FROM checkpoint_passages
        WHERE checkpoint_code = ANY(?::text[]) AND passed_at >= ? AND passed_at < ?
        GROUP BY 1, 2`,
      [keyRegionPrefixes.map((prefix) => `${prefix}%`), [...codes], from, to],
    );
    return rows;
  }

  /** People checked per checkpoint in [from, to). */
  peopleChecked(
    codes: readonly string[],
    from: Date,
    to: Date,
  ): Promise<Array<{ checkpointCode: string; people: number }>> {
    return this.db('checkpoint_passages')
      .comment('transport.peopleChecked')
      .select(
        { checkpointCode: 'checkpoint_code' },
        this.db.raw('coalesce(sum(cardinality(person_ids)), 0)::int AS people'),
      )
      .whereIn('checkpoint_code', codes)
      .modify(inWindow('passed_at', from, to))
      .groupBy('checkpoint_code');
  }

  /** The passages each person was checked in, newest first, for many people in one statement. */
  async passagesOfPeople(
    personIds: readonly string[],
    perPerson: number,
  ): Promise<Array<DbCheckpointPassageRow & { checkedPersonId: string }>> {
    const { rows } = await this.db.raw<{
      rows: Array<Snaked<DbCheckpointPassageRow & { checkedPersonId: string }>>;
    }>(
      `/* transport.passagesOfPeople */
       SELECT x.person_id AS checked_person_id, a.* FROM unnest(?::text[]) AS x(person_id)
       CROSS JOIN LATERAL (
         SELECT ${PASSAGE_COLUMNS.join(', ')} FROM checkpoint_passages
          WHERE person_ids @> ARRAY[x.person_id]::text[]
          ORDER BY passed_at DESC, id DESC LIMIT ?
       ) a`,
      [[...personIds], perPerson],
    );
    return rows.map((row) => recordOf<DbCheckpointPassageRow & { checkedPersonId: string }>(row));
  }

  /** In time order; the keyset is (passed_at, id), encoded as "ISO instant|id". */
  passagePage(
    filter: PassageFilter,
    limit: number,
    afterKey: string | null,
  ): Promise<DbCheckpointPassageRow[]> {
    const query = this.passages(filter).comment('transport.passagePage').select(PASSAGE_COLUMNS);
    if (afterKey) {
      const [instant = '', id = ''] = afterKey.split('|');
      query.whereRaw('(passed_at, id) > (?::timestamptz, ?::bigint)', [instant, id]);
    }
    return recordsOf<DbCheckpointPassageRow>(
      query.orderBy([{ column: 'passed_at' }, { column: 'id' }]).limit(limit),
    );
  }

  passageCount(filter: PassageFilter): Promise<number> {
    return rowCount(this.passages(filter), 'transport.passageCount');
  }

  private passages(filter: PassageFilter) {
    return this.db('checkpoint_passages')
      .where('checkpoint_code', filter.checkpointCode)
      .modify(inWindow('passed_at', filter.from, filter.to));
  }
}
