import {
  columnsOf,
  descendingPage,
  recordsOf,
  recordsWhereIn,
  rowCount,
  withinStreets,
  type Page,
  Store,
} from '@cityhub/kit';
import type {
  DbDwellingRow,
  DbGroupRentalFlagRow,
  DbReadingRow,
  FlagFilter,
  FlagStatus,
} from './rows.js';

export type NewFlag = Pick<
  DbGroupRentalFlagRow,
  | 'dwellingId'
  | 'month'
  | 'communityCode'
  | 'streetCode'
  | 'usageRatio'
  | 'estimatedOccupants'
  | 'evidence'
>;

export type RaisedFlag = Pick<
  DbGroupRentalFlagRow,
  'id' | 'dwellingId' | 'month' | 'communityCode' | 'streetCode'
>;

/** A month's readings of one dwelling with who is registered there. */
export type MonthUse = DbReadingRow &
  Pick<DbDwellingRow, 'communityCode' | 'streetCode' | 'address' | 'registeredResidents'>;

/** Dwellings, their monthly readings, and group-rental flags (群租房). The only SQL about housing. */
export class HousingStore extends Store {
  dwellingsByIds(ids: readonly number[]): Promise<DbDwellingRow[]> {
    return recordsOf<DbDwellingRow>(
      this.db('dwellings').comment('risk.dwellingsByIds').select('*').whereIn('id', ids),
    );
  }

  readingsByDwellings(ids: readonly number[]): Promise<DbReadingRow[]> {
    const query = this.db('dwelling_readings')
      .comment('risk.readingsByDwellings')
      .orderBy([{ column: 'dwelling_id' }, { column: 'month', order: 'desc' }]);
    return recordsWhereIn<DbReadingRow>(query, 'dwelling_id', ids);
  }

  /** The latest month with readings on or before a date's month. */
  async latestReadingMonth(date: string): Promise<string | null> {
    const row = await this.db('dwelling_readings')
      .comment('risk.latestReadingMonth')
      .max({ month: 'month' })
      .where('month', '<=', date.slice(0, 7))
      .first();
    return row?.month ?? null;
  }

  /** A month's readings with each dwelling's registered residents, for the whole city in one statement. */
  monthUse(month: string): Promise<MonthUse[]> {
    return recordsOf<MonthUse>(
      this.db('dwelling_readings as r')
        .comment('risk.monthUse')
        .join('dwellings as d', 'd.id', 'r.dwelling_id')
        .select('r.*', 'd.community_code', 'd.street_code', 'd.address', 'd.registered_residents')
        .where('r.month', month),
    );
  }

  /**
   * Saves flags: new ones go in as OPEN; a flag seen again keeps its review, only its evidence is
   * refreshed. Returns every flag saved, with whether it was raised for the first time.
   */
  async upsertFlags(flags: NewFlag[]): Promise<Array<RaisedFlag & { inserted: boolean }>> {
    const saved: Array<RaisedFlag & { inserted: boolean }> = [];
    for (let i = 0; i < flags.length; i += 1_000) {
      const batch = flags
        .slice(i, i + 1_000)
        .map((flag) => ({ ...columnsOf(flag), evidence: JSON.stringify(flag.evidence) }));
      const rows = await recordsOf<RaisedFlag & { inserted: boolean }>(
        this.db('group_rental_flags')
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
            this.db.raw('(xmax = 0) AS inserted'),
          ]),
      );
      saved.push(...rows);
    }
    return saved;
  }

  /** Flags per community that count for the model: open or confirmed, of the month. */
  flagCountsByCommunity(month: string): Promise<Array<{ communityCode: string; flags: number }>> {
    return recordsOf<{ communityCode: string; flags: number }>(
      this.db('group_rental_flags')
        .comment('risk.flagCountsByCommunity')
        .select('community_code')
        .count({ flags: '*' })
        .where({ month })
        .whereIn('status', ['OPEN', 'CONFIRMED'])
        .groupBy('community_code'),
    );
  }

  dwellingCountsByCommunity(): Promise<Array<{ communityCode: string; dwellingCount: number }>> {
    return recordsOf<{ communityCode: string; dwellingCount: number }>(
      this.db('community_housing')
        .comment('risk.dwellingCounts')
        .select('community_code', 'dwelling_count'),
    );
  }

  flagsByIds(ids: readonly number[]): Promise<DbGroupRentalFlagRow[]> {
    return recordsOf<DbGroupRentalFlagRow>(
      this.db('group_rental_flags').comment('risk.flagsByIds').select('*').whereIn('id', ids),
    );
  }

  /** Ranked: the largest excess of use first; the keyset is (usage_ratio, id), encoded as "ratio/id". */
  flagsPage(filter: FlagFilter, page: Page): Promise<DbGroupRentalFlagRow[]> {
    const query = this.filtered(filter).comment('risk.groupRentalFlagsPage').select('*');
    return recordsOf<DbGroupRentalFlagRow>(descendingPage(query, 'usage_ratio', 'numeric', page));
  }

  flagsCount(filter: FlagFilter): Promise<number> {
    return rowCount(this.filtered(filter), 'risk.groupRentalFlagsCount');
  }

  async review(
    id: number,
    status: Exclude<FlagStatus, 'OPEN'>,
    reviewedBy: string,
    note: string | null,
  ): Promise<DbGroupRentalFlagRow | null> {
    const [row] = await recordsOf<DbGroupRentalFlagRow>(
      this.db('group_rental_flags')
        .comment('risk.reviewGroupRentalFlag')
        .where({ id })
        .update({
          status,
          reviewed_by: reviewedBy,
          reviewed_at: this.db.fn.now(),
          review_note: note,
        })
        .returning('*'),
    );
    return row ?? null;
  }

  private filtered(filter: FlagFilter) {
    const query = this.db('group_rental_flags');
    if (filter.streetCode) query.where('street_code', filter.streetCode);
    if (filter.status) query.where('status', filter.status);
    if (filter.month) query.where('month', filter.month);
    return withinStreets(query, filter.streets);
  }
}
