import {
  ForbiddenError,
  dateWindow,
  lazyConnection,
  mayReadPersonalData,
  pageWithCursor,
  requireStreet,
  streetOfCommunity,
  type Caller,
  type PageArgs,
} from '@cityhub/kit';
import type { CaseReportStore } from '../repositories/case-report-store.js';
import type { CaseKind, CaseReportConnectionParent } from '../repositories/rows.js';

export interface CaseReportListArgs extends PageArgs {
  from: string;
  to: string;
  kind?: CaseKind | null;
  streetCode?: string | null;
  communityCode?: string | null;
}

export const MAX_HISTORY_DAYS = 366;

/**
 * The health commission's case reports (病例报告): the rules of who may list them (the feed that
 * writes them is `feeds/case-report-feed.ts`).
 */
export class CaseReportManager {
  constructor(
    private readonly store: CaseReportStore,
    private readonly caller: Caller,
  ) {}

  /** A street official lists only their streets' reports; filtering by kind needs personal-data rights. */
  list(args: CaseReportListArgs): CaseReportConnectionParent {
    const window = dateWindow(args.from, args.to, MAX_HISTORY_DAYS);
    if (args.streetCode) requireStreet(this.caller, args.streetCode);
    if (args.communityCode) requireStreet(this.caller, streetOfCommunity(args.communityCode));
    // The list filtered by kind would say what each person was reported for, as kind itself does.
    if (args.kind && !mayReadPersonalData(this.caller))
      throw new ForbiddenError(
        'Filtering case reports by kind needs the scope pii:read and a stated purpose.',
        { pii: 'HEALTH' },
      );
    const filter = {
      from: window.from,
      to: window.to,
      kind: args.kind ?? null,
      streetCode: args.streetCode ?? null,
      communityCode: args.communityCode ?? null,
      streets: this.caller.streets,
    };
    return lazyConnection(
      pageWithCursor(args, /^\d{4}-\d{2}-\d{2}\/\d+$/),
      (page) => this.store.page(filter, page),
      () => this.store.count(filter),
    );
  }
}
