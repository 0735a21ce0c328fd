import type { Database, HubEvent } from '@cityhub/kit';
import { riskOutbox } from '../events.js';
import type {
  DbDwellingRow,
  DbGroupRentalFlagRow,
  DbReadingRow,
  FlagFilter,
  FlagStatus,
  GroupRentalEvidenceRow,
} from './rows.js';

export interface NewFlag {
  dwelling_id: number;
  month: string;
  community_code: string;
  street_code: string;
  usage_ratio: number;
  estimated_occupants: number;
  evidence: GroupRentalEvidenceRow;
}

export type RaisedFlag = Pick<
  DbGroupRentalFlagRow,
  'id' | 'dwelling_id' | 'month' | 'community_code' | 'street_code'
>;

/** Dwellings, their monthly readings, and group-rental flags (群租房). The only SQL about housing. */
export class HousingStore {
  constructor(private readonly db: Database) {}

  dwellingsByIds(ids: readonly number[]): Promise<DbDwellingRow[]> {
    return this.db('dwellings').comment('risk.dwellingsByIds').select('*').whereIn('id', ids);
  }

  readingsByDwellings(ids: readonly number[]): Promise<DbReadingRow[]> {
    return this.db('dwelling_readings')
      .comment('risk.readingsByDwellings')
      .select('*')
      .whereIn('dwelling_id', ids)
      .orderBy([{ column: 'dwelling_id' }, { column: 'month', order: 'desc' }]);
  }

  /** The latest month with readings on or before a date's month. */
  async latestReadingMonth(date: string): Promise<string | null> {
    const row = await this.db('dwelling_readings')
      .comment('risk.latestReadingMonth')
      .max({ month: 'month' })
      .where('month', '<=', date.slice(0, 7))
      .first();
    return (row?.month as string | null) ?? null;
  }

  /** A month's readings with each dwelling's registered residents, for the whole city in one statement. */
  monthUse(
    month: string,
  ): Promise<
    Array<
      DbReadingRow &
        Pick<DbDwellingRow, 'community_code' | 'street_code' | 'address' | 'registered_residents'>
    >
  > {
    return this.db('dwelling_readings as r')
      .comment('risk.monthUse')
      .join('dwellings as d', 'd.id', 'r.dwelling_id')
      .select('r.*', 'd.community_code', 'd.street_code', 'd.address', 'd.registered_residents')
      .where('r.month', month);
  }

  /** New flags go in as OPEN; a flag already reviewed keeps its review, only its evidence is refreshed. */
  /**
   * Saves a month's flags (a flag seen again keeps its review) and, in the same transaction, the
   * events of the flags raised for the first time.
   */
  async saveFlags(
    flags: NewFlag[],
    eventsFor: (raised: RaisedFlag[]) => HubEvent[] = () => [],
  ): Promise<number> {
    return this.db.transaction(async (trx) => {
      let saved = 0;
      const raised: RaisedFlag[] = [];
      for (let i = 0; i < flags.length; i += 1_000) {
        const batch = flags
          .slice(i, i + 1_000)
          .map((flag) => ({ ...flag, evidence: JSON.stringify(flag.evidence) }));
        const rows: Array<RaisedFlag & { inserted: boolean }> = await trx('group_rental_flags')
          .comment('risk.saveGroupRentalFlags')
          .insert(batch)
          .onConflict(['dwelling_id', 'month'])
          .merge(['usage_ratio', 'estimated_occupants', 'evidence'])
          .returning([
            'id',
            'dwelling_id',
            'month',
            'community_code',
            'street_code',
            trx.raw('(xmax = 0) AS inserted'),
          ]);
        saved += rows.length;
        raised.push(...rows.filter((row) => row.inserted));
      }
      await riskOutbox.add(trx, ...eventsFor(raised));
      return saved;
    });
  }

  /** Flags per community that count for the model: open or confirmed, of the month. */
  async flagCountsByCommunity(
    month: string,
  ): Promise<Array<{ community_code: string; flags: number }>> {
    return this.db('group_rental_flags')
      .comment('risk.flagCountsByCommunity')
      .select('community_code')
      .count({ flags: '*' })
      .where({ month })
      .whereIn('status', ['OPEN', 'CONFIRMED'])
      .groupBy('community_code') as unknown as Promise<
      Array<{ community_code: string; flags: number }>
    >;
  }

  dwellingCountsByCommunity(): Promise<Array<{ community_code: string; dwelling_count: number }>> {
    return this.db('community_housing')
      .comment('risk.dwellingCounts')
      .select('community_code', 'dwelling_count');
  }

  flagsByIds(ids: readonly number[]): Promise<DbGroupRentalFlagRow[]> {
    return this.db('group_rental_flags').comment('risk.flagsByIds').select('*').whereIn('id', ids);
  }

  /** Ranked: the largest excess of use first; the keyset is (usage_ratio, id), encoded as "ratio/id". */
  flagsPage(
    filter: FlagFilter,
    limit: number,
    afterKey: string | null,
  ): Promise<DbGroupRentalFlagRow[]> {
    const query = this.filtered(filter).comment('risk.groupRentalFlagsPage').select('*');
    if (afterKey) {
      const [ratio = '', id = ''] = afterKey.split('/');
      query.whereRaw('(usage_ratio, id) < (?::numeric, ?::bigint)', [ratio, id]);
    }
    return query
      .orderBy([
        { column: 'usage_ratio', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit);
  }

  async flagsCount(filter: FlagFilter): Promise<number> {
    const [row] = await this.filtered(filter)
      .comment('risk.groupRentalFlagsCount')
      .count({ total: '*' });
    return Number(row?.total ?? 0);
  }

  async review(
    id: number,
    status: Exclude<FlagStatus, 'OPEN'>,
    reviewedBy: string,
    note: string | null,
    eventsFor: (flag: DbGroupRentalFlagRow) => HubEvent[] = () => [],
  ): Promise<DbGroupRentalFlagRow | undefined> {
    return this.db.transaction(async (trx) => {
      const [row] = await trx('group_rental_flags')
        .comment('risk.reviewGroupRentalFlag')
        .where({ id })
        .update({ status, reviewed_by: reviewedBy, reviewed_at: trx.fn.now(), review_note: note })
        .returning('*');
      if (row) await riskOutbox.add(trx, ...eventsFor(row as DbGroupRentalFlagRow));
      return row as DbGroupRentalFlagRow | undefined;
    });
  }

  private filtered(filter: FlagFilter) {
    const query = this.db('group_rental_flags');
    if (filter.streetCode) query.where('street_code', filter.streetCode);
    if (filter.status) query.where('status', filter.status);
    if (filter.month) query.where('month', filter.month);
    if (filter.streets) query.whereIn('street_code', filter.streets);
    return query;
  }
}
