import {
  UnauthenticatedError,
  lazyConnection,
  pageWithCursor,
  type Caller,
  type PageArgs,
} from '@cityhub/kit';
import type { ReadStore } from '../repositories/read-store.js';
import type { ReadConnectionParent, ReadFilter } from '../repositories/rows.js';

/** Who read whose personal data: for auditors, and for residents about themselves. */
export class ReadLog {
  constructor(private readonly deps: { caller: Caller; reads: ReadStore }) {}

  reads(filter: ReadFilter, args: PageArgs): ReadConnectionParent {
    const page = pageWithCursor(args, /^\d+$/);
    const { reads } = this.deps;
    return lazyConnection(
      page,
      ({ limit, afterKey }) =>
        reads.page(filter, limit + 1, afterKey === null ? null : Number(afterKey)),
      () => reads.count(filter),
    );
  }

  /** The signed-in resident's own reads; nobody but a resident signed in as themselves has them. */
  myReads(args: PageArgs): ReadConnectionParent {
    const { personId } = this.deps.caller;
    if (!personId)
      throw new UnauthenticatedError('Sign in as a resident to see who read your data.');
    return this.reads({ personId }, args);
  }
}
