import {
  ForbiddenError,
  InputProblems,
  hubEvent,
  requireCreditCode,
  type Caller,
  type Database,
} from '@cityhub/kit';
import type { Knex } from 'knex';
import { enterprisesOutbox } from '../events.js';
import { REFUSALS, refuse } from '../refusals.js';
import type { EnterpriseStore } from '../repositories/enterprise-store.js';
import type { FilingStore } from '../repositories/filing-store.js';
import { FILING_BOOK, RegistrationStore } from '../repositories/registration-store.js';
import type { DbFilingRow, ReceiptParent } from '../repositories/rows.js';
import {
  actsForEnterprise,
  isStreetOfficial,
  mayOpenFiling,
  partyOf,
} from '../rules/access-rules.js';
import { normaliseCode, randomCode } from '../rules/registration-codes.js';
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

  async open(creditCodeArgument: string): Promise<DbFilingRow> {
    const creditCode = requireCreditCode('creditCode', creditCodeArgument);
    const [enterprise] = await this.enterprises.enterprisesByCodes([creditCode]);
    if (!enterprise)
      return refuse(
        REFUSALS.enterpriseNotFound,
        `No enterprise has the credit code ${creditCode}.`,
        { creditCode },
      );
    if (!mayOpenFiling(this.caller, partyOf(enterprise)))
      throw new ForbiddenError(
        'Only the legal representative or an official of its street may open a filing for this enterprise.',
      );
    if (enterprise.status === 'CLOSED')
      return refuse(
        REFUSALS.enterpriseClosed,
        'A closed enterprise cannot file for work resumption.',
        { creditCode },
      );
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.db.transaction(async (trx) => {
          const filings = this.filings.in(trx);
          const filing = await filings.insertFiling({
            code: randomCode(),
            creditCode,
            streetCode: enterprise.streetCode,
            status: 'OPEN',
            openedAt: new Date(),
          });
          await filings.insertEvent(this.event(filing.id, 'OPENED'));
          return filing;
        });
      } catch (error) {
        const constraint = (error as { constraint?: string }).constraint;
        if (constraint === 'filings_one_active') {
          const [active] = (await this.filings.filingsByEnterprises([creditCode])).filter(
            (f) => f.status === 'OPEN' || f.status === 'SUBMITTED',
          );
          return refuse(
            REFUSALS.filingAlreadyActive,
            'The enterprise already has a filing in progress.',
            { filingStatus: active?.status },
          );
        }
        // Two random 50-bit codes colliding is rare enough that one retry settles it.
        if (constraint !== 'filings_code_unique' || attempt > 0) throw error;
      }
    }
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
      await enterprisesOutbox.add(
        trx,
        hubEvent(
          'enterprises.registrations_decided',
          { streetCode: filing.streetCode, creditCode: filing.creditCode },
          {
            filingCode: filing.code,
            decision,
            decided: decided.length,
            pending: counts?.pending ?? 0,
            decidedAt: decidedAt.toISOString(),
          },
        ),
      );
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
      await enterprisesOutbox.add(
        trx,
        hubEvent(
          'enterprises.filing_submitted',
          { streetCode: filing.streetCode, creditCode: filing.creditCode },
          { filingCode: filing.code },
        ),
      );
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
      await enterprisesOutbox.add(
        trx,
        hubEvent(
          'enterprises.filing_reviewed',
          { streetCode: filing.streetCode, creditCode: filing.creditCode },
          { filingCode: filing.code, status },
        ),
      );
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
