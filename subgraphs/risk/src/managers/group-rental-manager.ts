import {
  BadUserInputError,
  ForbiddenError,
  lazyConnection,
  pageWithCursor,
  requireStreet,
  type Caller,
  type Database,
  type PageArgs,
} from '@cityhub/kit';
import { flagReviewedEvent, riskOutbox } from '../events.js';
import type { HousingStore } from '../repositories/housing-store.js';
import type {
  DbGroupRentalFlagRow,
  FlagConnectionParent,
  FlagStatus,
} from '../repositories/rows.js';

export interface FlagListArgs extends PageArgs {
  streetCode?: string | null;
  status?: FlagStatus | null;
  month?: string | null;
}

/** Group-rental flags (群租房) as officials see and review them: each within their streets. */
export class GroupRentalManager {
  constructor(
    private readonly db: Database,
    private readonly housing: HousingStore,
    private readonly caller: Caller,
  ) {}

  /** Ranked by excess of use; a street official sees only the flags of their streets. */
  list(args: FlagListArgs): FlagConnectionParent {
    if (args.streetCode) requireStreet(this.caller, args.streetCode);
    if (args.month && !/^\d{4}-(0[1-9]|1[0-2])$/.test(args.month))
      throw new BadUserInputError('month', 'must be YYYY-MM');
    const filter = {
      streetCode: args.streetCode ?? null,
      status: args.status ?? null,
      month: args.month ?? null,
      streets: this.caller.streets,
    };
    return lazyConnection(
      pageWithCursor(args, /^\d+(\.\d+)?\/\d+$/),
      (page) => this.housing.flagsPage(filter, page),
      () => this.housing.flagsCount(filter),
    );
  }

  /**
   * An official's finding on a flag. A street official may review only the flags of their streets;
   * a later review replaces an earlier one, and the detection never overwrites it.
   */
  async review(
    id: string,
    outcome: 'CONFIRMED' | 'FALSE_ALARM',
    note: string | null,
  ): Promise<DbGroupRentalFlagRow> {
    if (this.caller.kind !== 'user')
      throw new ForbiddenError('Only an official can review a group-rental flag.');
    const [flag] = /^\d{1,15}$/.test(id) ? await this.housing.flagsByIds([Number(id)]) : [];
    if (!flag) throw new BadUserInputError('id', 'no group-rental flag has this id');
    requireStreet(this.caller, flag.streetCode);
    const reviewedBy = this.caller.id;
    return this.db.transaction(async (trx) => {
      const reviewed = await this.housing
        .in(trx)
        .review(flag.id, outcome, reviewedBy, note?.trim().slice(0, 500) || null);
      await riskOutbox.add(trx, flagReviewedEvent(reviewed!, outcome));
      return reviewed!;
    });
  }
}
