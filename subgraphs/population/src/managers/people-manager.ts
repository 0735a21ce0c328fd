import {
  BadUserInputError,
  ForbiddenError,
  InputProblems,
  coversStreet,
  dateWindow,
  divisionCodeProblem,
  lazyConnection,
  pageWithCursor,
  personIdFor,
  requireResidentId,
  requireStreet,
  streetOfCommunity,
  type AuditRecorder,
  type Caller,
  type PageArgs,
} from '@cityhub/kit';
import type { PopulationLoaders } from '../loaders.js';
import type { ResidentStore } from '../repositories/resident-store.js';
import type { ArrivalConnectionParent, DbArrivalRow, DbResidentRow } from '../repositories/rows.js';

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

export function arrivalKey(row: DbArrivalRow): string {
  return `${row.arrivedOn}/${row.id}`;
}

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
