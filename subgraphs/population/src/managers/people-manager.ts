import {
  BadUserInputError,
  ForbiddenError,
  InputProblems,
  cityDate,
  coversStreet,
  dateWindow,
  divisionCodeProblem,
  lazyConnection,
  pageOf,
  pageWithCursor,
  personIdFor,
  requireResidentId,
  requireStreet,
  streetOfCommunity,
  type AuditRecorder,
  type Caller,
  type PageArgs,
} from '@cityhub/kit';
import { birthDateForAge } from './ages.js';
import { residentAfter } from './people-cursors.js';
import type { PopulationLoaders } from '../loaders.js';
import type { ResidentStore } from '../repositories/resident-store.js';
import type {
  ArrivalConnectionParent,
  DbCommunityRow,
  DbResidentRow,
  ResidentConnectionParent,
} from '../repositories/rows.js';

const MAX_ARRIVAL_WINDOW_DAYS = 366;
const MAX_ADDRESSES = 5_000;
const ARRIVAL_CURSOR = /^\d{4}-\d{2}-\d{2}\/\d+$/;

export interface PeopleManagerDeps {
  caller: Caller;
  audit: AuditRecorder;
  personIdKey: string;
  residents: ResidentStore;
  loaders: PopulationLoaders;
}

export interface ArrivalArgs extends PageArgs {
  from: string;
  to: string;
  streetCode?: string | null;
  communityCode?: string | null;
}

export interface ResidentListArgs extends PageArgs {
  nameContains?: string | null;
  addressStartsWith?: string | null;
  minAge?: number | null;
  maxAge?: number | null;
  healthCode?: 'GREEN' | 'YELLOW' | 'RED' | null;
}

const MAX_AGE = 150;
const MAX_SEARCH_TEXT = 100;

/**
 * Residents as one caller may see them. The street row rule lives here: a street-local official
 * sees only the residents and arrivals of their streets; other residents are simply not found.
 */
export class PeopleManager {
  constructor(private readonly deps: PeopleManagerDeps) {}

  /** The row if the caller's streets cover the resident's community, else null. */
  visible(row: DbResidentRow | null): DbResidentRow | null {
    if (!row || this.deps.caller.streets === null) return row;
    return row.communityCode && coversStreet(this.deps.caller, streetOfCommunity(row.communityCode))
      ? row
      : null;
  }

  async personByIdNumber(idNumber: string): Promise<DbResidentRow | null> {
    const checked = requireResidentId('idNumber', idNumber);
    // Whether someone lives here is itself personal data: the lookup is recorded, found or not.
    this.deps.audit.recordMasked(personIdFor(checked, this.deps.personIdKey), 'Query.person');
    return this.visible(await this.deps.loaders.personByIdNumber.load(checked));
  }

  /**
   * A person another department refers to (an enterprise's representative, an employee): one who
   * lives outside the caller's streets is refused at that reference, with an error at its path,
   * so that the rest of the answer stays and the caller learns why the person is missing.
   */
  async personById(id: string): Promise<DbResidentRow | null> {
    const row = await this.deps.loaders.personById.load(id);
    if (row && !this.visible(row))
      throw new ForbiddenError(
        'This resident lives outside your streets: street-local roles see the residents of their streets only.',
        { reason: 'OUTSIDE_STREETS' },
      );
    return row;
  }

  /** Residents registered at each address, in the order asked; every bad code is reported at once. */
  async residentCountsAt(addresses: ReadonlyArray<{ communityCode: string; address: string }>) {
    if (addresses.length > MAX_ADDRESSES)
      throw new BadUserInputError('addresses', `at most ${MAX_ADDRESSES} addresses a call`);
    const problems = new InputProblems();
    addresses.forEach(({ communityCode }, i) =>
      problems.add(
        `addresses[${i}].communityCode`,
        divisionCodeProblem(communityCode, 'COMMUNITY') && 'must be a 13-digit community code',
      ),
    );
    problems.throwIfAny();
    for (const { communityCode } of addresses)
      requireStreet(this.deps.caller, streetOfCommunity(communityCode));
    const counts = new Map(
      (await this.deps.residents.residentCountsAtAddresses(addresses)).map((row) => [
        `${row.communityCode}|${row.address}`,
        row.total,
      ]),
    );
    return addresses.map(({ communityCode, address }) => ({
      communityCode,
      address,
      residentCount: counts.get(`${communityCode}|${address}`) ?? 0,
    }));
  }

  /**
   * One community's residents, searched and paged (keyset on address, id). The whole community is
   * refused to a street official of another street. Every person on a page is recorded in the
   * audit log (one record each, whatever fields were asked): a listing tells who lives where.
   */
  residentsOf(community: DbCommunityRow, args: ResidentListArgs): ResidentConnectionParent {
    const problems = new InputProblems();
    const page = problems.check(null, () => pageOf(args));
    const after = page && problems.check(null, () => residentAfter(page.afterKey));
    for (const field of ['nameContains', 'addressStartsWith'] as const) {
      const text = args[field];
      problems.add(
        field,
        text !== null && text !== undefined && (text.trim() === '' || text.length > MAX_SEARCH_TEXT)
          ? `must be 1 to ${MAX_SEARCH_TEXT} characters, not blank`
          : null,
      );
    }
    for (const field of ['minAge', 'maxAge'] as const) {
      const age = args[field];
      problems.add(
        field,
        age !== null && age !== undefined && (age < 0 || age > MAX_AGE)
          ? `must be between 0 and ${MAX_AGE}`
          : null,
      );
    }
    if (args.minAge != null && args.maxAge != null && args.minAge > args.maxAge)
      problems.add('maxAge', 'must not be below minAge');
    problems.throwIfAny();
    requireStreet(this.deps.caller, community.streetCode);
    const today = cityDate();
    const filter = {
      communityCode: community.code,
      nameContains: args.nameContains?.trim() || null,
      addressStartsWith: args.addressStartsWith?.trim() || null,
      healthCode: args.healthCode ?? null,
      bornOnOrBefore: args.minAge != null ? birthDateForAge(args.minAge, today) : null,
      bornAfter: args.maxAge != null ? birthDateForAge(args.maxAge + 1, today) : null,
    };
    const { residents, audit } = this.deps;
    return lazyConnection(
      page!,
      async ({ limit }) => {
        const rows = await residents.residentsPage(filter, limit + 1, after ?? null);
        for (const row of rows.slice(0, limit)) audit.recordMasked(row.id, 'Community.residents');
        return rows;
      },
      () => residents.residentsCount(filter),
    );
  }

  /** Arrivals from key regions in a window, limited to the caller's streets. */
  arrivals(args: ArrivalArgs): ArrivalConnectionParent {
    const problems = new InputProblems();
    const window = problems.check(null, () =>
      dateWindow(args.from, args.to, MAX_ARRIVAL_WINDOW_DAYS),
    );
    const page = problems.check(null, () => pageWithCursor(args, ARRIVAL_CURSOR));
    problems.throwIfAny();
    const { caller, residents } = this.deps;
    if (args.streetCode) requireStreet(caller, args.streetCode);
    if (args.communityCode) requireStreet(caller, streetOfCommunity(args.communityCode));
    const filter = {
      from: window!.from,
      to: window!.to,
      streetCode: args.streetCode ?? null,
      communityCode: args.communityCode ?? null,
      streetCodes: caller.streets,
    };
    return lazyConnection(
      page!,
      ({ limit, afterKey }) => residents.arrivalsPage(filter, limit + 1, afterKey),
      () => residents.arrivalsCount(filter),
    );
  }
}
