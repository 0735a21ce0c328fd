import {
  ForbiddenError,
  InputProblems,
  hubEvent,
  type Caller,
  type Database,
  type EventData,
  type EventType,
} from '@cityhub/kit';
import type { Knex } from 'knex';
import { enterprisesOutbox } from '../events.js';
import { REFUSALS, refuse } from '../refusals.js';
import type { EnterpriseStore } from '../repositories/enterprise-store.js';
import type { FilingStore } from '../repositories/filing-store.js';
import { FILING_BOOK, RegistrationStore } from '../repositories/registration-store.js';
import type { DbFilingRow, ReceiptParent } from '../repositories/rows.js';
import { actsForEnterprise, isStreetOfficial, partyOf } from '../rules/access-rules.js';
import { normaliseCode } from '../rules/registration-codes.js';
import { insertNewFiling, openableEnterprise } from './filing-opening.js';
import { reasonFrom, type RegistrantInput } from '../rules/registration-form.js';
import {
  RegistrationDesk,
  type BatchArguments,
  type BatchResult,
  type Decision,
} from './registration-desk.js';

export type { BatchResult, Decision } from './registration-desk.js';

/**
 * The work-resumption filing (复工备案), one-to-N: the rules of who may change a filing and when.
 * Every change runs in one transaction with the filing row locked, and is recorded with its actor.
 */
export class FilingManager {
  private readonly desk: RegistrationDesk;

  constructor(
    private readonly db: Database,
    private readonly filings: FilingStore,
    private readonly enterprises: EnterpriseStore,
    private readonly caller: Caller,
    personIdKey: string,
  ) {
    this.desk = new RegistrationDesk(new RegistrationStore(db, FILING_BOOK), 'filing', personIdKey);
  }

  /** Opens the enterprise's filing: its legal representative or an official of its street. */
  async open(creditCodeArgument: string): Promise<DbFilingRow> {
    const enterprise = await openableEnterprise(this.enterprises, this.caller, creditCodeArgument);
    return insertNewFiling(this.db, this.filings, enterprise, (id) => this.event(id, 'OPENED'));
  }

  /** Public: an employee registers through the code. Registering again answers the first registration. */
  register(codeArgument: string, input: RegistrantInput): Promise<ReceiptParent> {
    return this.desk.register(codeArgument, input);
  }

  /** The legal representative's batch decision: the listed registrations or all pending ones, whole or not at all. */
  async decide(codeArgument: string, ...batch: BatchArguments): Promise<BatchResult> {
    const problems = new InputProblems();
    const code = problems.check('filingCode', () => normaliseCode('filingCode', codeArgument));
    const { listed, decision, reason } = RegistrationDesk.batchFrom(
      'registrationIds',
      batch,
      problems,
    );
    problems.throwIfAny();
    return this.db.transaction(async (trx) => {
      const filings = this.filings.in(trx);
      const filing = await this.lockForEnterprise(trx, filings, code!);
      if (filing.status !== 'OPEN')
        return refuse(
          REFUSALS.filingNotOpen,
          `The filing is ${filing.status.toLowerCase()}; its registrations can no longer change.`,
          { filingStatus: filing.status },
        );
      const decidedAt = new Date();
      const decided = await this.desk.decide(trx, filing.id, listed, decision, reason, decidedAt);
      await filings.insertEvent({
        ...this.event(
          filing.id,
          decision === 'APPROVE' ? 'REGISTRATIONS_APPROVED' : 'REGISTRATIONS_REJECTED',
        ),
        registrationCount: decided.length,
        reason,
      });
      const [counts] = await filings.registrationCountsByFilings([filing.id]);
      await this.announce(trx, filing, 'enterprises.registrations_decided', {
        filingCode: filing.code,
        decision,
        decided: decided.length,
        pending: counts?.pending ?? 0,
        decidedAt: decidedAt.toISOString(),
      });
      return { decision, decidedCount: decided.length, pendingCount: counts?.pending ?? 0 };
    });
  }

  async submit(codeArgument: string): Promise<DbFilingRow> {
    const code = normaliseCode('filingCode', codeArgument);
    return this.db.transaction(async (trx) => {
      const filings = this.filings.in(trx);
      const filing = await this.lockForEnterprise(trx, filings, code);
      if (filing.status !== 'OPEN')
        return refuse(
          REFUSALS.filingNotOpen,
          `The filing is already ${filing.status.toLowerCase()}.`,
          { filingStatus: filing.status },
        );
      const [counts] = await filings.registrationCountsByFilings([filing.id]);
      if ((counts?.pending ?? 0) > 0)
        return refuse(
          REFUSALS.pendingRegistrations,
          `${counts!.pending} registrations still await a decision.`,
          { pending: counts!.pending },
        );
      if ((counts?.approved ?? 0) === 0)
        return refuse(
          REFUSALS.noApprovedRegistrations,
          'A filing needs at least one approved employee.',
        );
      const submitted = await filings.updateFiling(filing.id, {
        status: 'SUBMITTED',
        submittedAt: new Date(),
      });
      await filings.insertEvent(this.event(filing.id, 'SUBMITTED'));
      await this.announce(trx, filing, 'enterprises.filing_submitted', { filingCode: filing.code });
      return submitted;
    });
  }

  /** The street's review (审核) of a submitted filing. */
  async review(
    codeArgument: string,
    decision: Decision,
    reasonArgument: string | null | undefined,
  ): Promise<DbFilingRow> {
    const problems = new InputProblems();
    const code = problems.check('filingCode', () => normaliseCode('filingCode', codeArgument));
    const reason = reasonFrom('reason', reasonArgument, decision === 'REJECT', problems);
    problems.throwIfAny();
    return this.db.transaction(async (trx) => {
      const filings = this.filings.in(trx);
      const filing = await filings.lockFilingByCode(code!);
      if (!filing) return refuse(REFUSALS.filingNotFound, 'No filing has this code.');
      if (!isStreetOfficial(this.caller, filing.streetCode))
        throw new ForbiddenError(
          `Only an official of street ${filing.streetCode} may review this filing.`,
          { streetCode: filing.streetCode },
        );
      if (filing.status === 'APPROVED' || filing.status === 'REJECTED')
        return refuse(
          REFUSALS.filingAlreadyReviewed,
          `The filing was already ${filing.status.toLowerCase()}.`,
          { filingStatus: filing.status },
        );
      if (filing.status !== 'SUBMITTED')
        return refuse(
          REFUSALS.filingNotSubmitted,
          'The legal representative has not submitted the filing yet.',
          { filingStatus: filing.status },
        );
      const status = decision === 'APPROVE' ? 'APPROVED' : 'REJECTED';
      const reviewed = await filings.updateFiling(filing.id, {
        status,
        reviewedAt: new Date(),
        reviewReason: reason,
      });
      await filings.insertEvent({ ...this.event(filing.id, status), reason });
      await this.announce(trx, filing, 'enterprises.filing_reviewed', {
        filingCode: filing.code,
        status,
      });
      return reviewed;
    });
  }

  private async lockForEnterprise(
    trx: Knex.Transaction,
    filings: FilingStore,
    code: string,
  ): Promise<DbFilingRow> {
    const filing = await filings.lockFilingByCode(code);
    if (!filing) return refuse(REFUSALS.filingNotFound, 'No filing has this code.');
    // Inside the transaction: a second pooled connection per request could starve the pool under load.
    const [enterprise] = await this.enterprises.in(trx).enterprisesByCodes([filing.creditCode]);
    if (!enterprise || !actsForEnterprise(this.caller, partyOf(enterprise)))
      throw new ForbiddenError("Only the enterprise's legal representative may change its filing.");
    return filing;
  }

  /** Announces a change of the filing on the bus, in the change's transaction. */
  private announce<T extends EventType>(
    trx: Knex.Transaction,
    filing: DbFilingRow,
    type: T,
    data: EventData<T>,
  ) {
    const keys = { streetCode: filing.streetCode, creditCode: filing.creditCode };
    return enterprisesOutbox.add(trx, hubEvent(type, keys, data));
  }

  private event(filingId: number, action: Parameters<FilingStore['insertEvent']>[0]['action']) {
    return {
      filingId,
      action,
      actorKind: this.caller.kind,
      actorId: this.caller.id,
      actorPersonId: this.caller.personId,
      registrationCount: null,
      reason: null,
      at: new Date(),
    };
  }
}
