import {
  ForbiddenError,
  hubEvent,
  cityDate,
  requireCreditCode,
  type Caller,
  type Database,
} from '@cityhub/kit';
import { enterprisesOutbox } from '../events.js';
import { EnterpriseStore } from '../repositories/enterprise-store.js';
import type { Knex } from 'knex';
import type { FilingStore } from '../repositories/filing-store.js';
import type { DbEnterpriseRow, DbFilingRow, ReceiptParent } from '../repositories/rows.js';
import {
  actsForEnterprise,
  isStreetOfficial,
  mayOpenFiling,
  type EnterpriseParty,
} from './access-rules.js';
import { normaliseCode, randomCode } from './codes.js';
import { REFUSALS, refuse } from './refusals.js';
import { batchIdsFrom, reasonFrom, registrationFrom, type RegistrantInput } from './registrant.js';

export type Decision = 'APPROVE' | 'REJECT';

export interface BatchResult {
  decision: Decision;
  decidedCount: number;
  pendingCount: number;
}

export function partyOf(enterprise: DbEnterpriseRow): EnterpriseParty {
  return { legalRepPersonId: enterprise.legal_rep_person_id, streetCode: enterprise.street_code };
}

/**
 * The work-resumption filing (复工备案), one-to-N: the rules of who may change a filing and when.
 * Every change runs in one transaction with the filing row locked, and is recorded with its actor.
 */
export class FilingManager {
  constructor(
    private readonly db: Database,
    private readonly filings: FilingStore,
    private readonly enterprises: EnterpriseStore,
    private readonly caller: Caller,
    private readonly personIdKey: string,
  ) {}

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
            credit_code: creditCode,
            street_code: enterprise.street_code,
            status: 'OPEN',
            opened_at: new Date(),
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
  async register(codeArgument: string, input: RegistrantInput): Promise<ReceiptParent> {
    const code = normaliseCode('code', codeArgument);
    const registration = registrationFrom(input, this.personIdKey, cityDate());
    const outcome = await this.filings.register(code, registration);
    if (outcome)
      return {
        registrationId: outcome.id,
        created: outcome.created,
        status: outcome.status,
        registeredAt: outcome.registered_at,
        registeredWith: outcome.registered_with,
      };
    const [filing] = await this.filings.filingsByCodes([code]);
    if (!filing) return refuse(REFUSALS.filingNotFound, 'No filing has this code.');
    if (filing.status !== 'OPEN')
      return refuse(REFUSALS.filingClosed, 'This filing no longer takes registrations.', {
        filingStatus: filing.status,
      });
    // A concurrent registration of the same person won the race: answer with it.
    const existing = await this.filings.registrationOf(filing.id, registration.person_id);
    const [enterprise] = await this.enterprises.enterprisesByCodes([filing.credit_code]);
    if (!existing || !enterprise)
      throw new Error('registration vanished after a conflicting insert');
    return {
      registrationId: existing.id,
      created: false,
      status: existing.status,
      registeredAt: existing.registered_at,
      registeredWith: enterprise.name,
    };
  }

  /** The legal representative's batch decision: the listed registrations or all pending ones, whole or not at all. */
  async decide(
    codeArgument: string,
    ids: readonly string[] | null | undefined,
    allPending: boolean | null | undefined,
    decision: Decision,
    reasonArgument: string | null | undefined,
  ): Promise<BatchResult> {
    const code = normaliseCode('filingCode', codeArgument);
    const listed = batchIdsFrom('registrationIds', ids, allPending);
    const reason = reasonFrom('reason', reasonArgument, false);
    return this.db.transaction(async (trx) => {
      const filings = this.filings.in(trx);
      const filing = await this.lockForEnterprise(trx, filings, code);
      if (filing.status !== 'OPEN')
        return refuse(
          REFUSALS.filingNotOpen,
          `The filing is ${filing.status.toLowerCase()}; its registrations can no longer change.`,
          { filingStatus: filing.status },
        );
      const status = decision === 'APPROVE' ? 'APPROVED' : 'REJECTED';
      const decidedAt = new Date();
      const decided = await filings.decide(filing.id, listed, status, reason, decidedAt);
      if (listed && decided.length !== listed.length) {
        const existing = new Set(await filings.existingRegistrationIds(filing.id, listed));
        const unknown = listed.filter((id) => !existing.has(id));
        if (unknown.length)
          return refuse(
            REFUSALS.registrationNotFound,
            `${unknown.length} of the registrations are not on this filing; nothing was decided.`,
            { registrationIds: unknown.map(String) },
          );
        const done = new Set(decided);
        return refuse(
          REFUSALS.registrationAlreadyDecided,
          'Some registrations were already decided; nothing was decided.',
          { registrationIds: listed.filter((id) => !done.has(id)).map(String) },
        );
      }
      if (decided.length === 0)
        return refuse(
          REFUSALS.noPendingRegistrations,
          'No registration on this filing is pending.',
        );
      await filings.insertEvent({
        ...this.event(
          filing.id,
          decision === 'APPROVE' ? 'REGISTRATIONS_APPROVED' : 'REGISTRATIONS_REJECTED',
        ),
        registration_count: decided.length,
        reason,
      });
      const [counts] = await filings.registrationCountsByFilings([filing.id]);
      await enterprisesOutbox.add(
        trx,
        hubEvent(
          'enterprises.registrations_decided',
          { streetCode: filing.street_code, creditCode: filing.credit_code },
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
        submitted_at: new Date(),
      });
      await filings.insertEvent(this.event(filing.id, 'SUBMITTED'));
      await enterprisesOutbox.add(
        trx,
        hubEvent(
          'enterprises.filing_submitted',
          { streetCode: filing.street_code, creditCode: filing.credit_code },
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
    const code = normaliseCode('filingCode', codeArgument);
    const reason = reasonFrom('reason', reasonArgument, decision === 'REJECT');
    return this.db.transaction(async (trx) => {
      const filings = this.filings.in(trx);
      const filing = await filings.lockFilingByCode(code);
      if (!filing) return refuse(REFUSALS.filingNotFound, 'No filing has this code.');
      if (!isStreetOfficial(this.caller, filing.street_code))
        throw new ForbiddenError(
          `Only an official of street ${filing.street_code} may review this filing.`,
          { streetCode: filing.street_code },
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
        reviewed_at: new Date(),
        review_reason: reason,
      });
      await filings.insertEvent({ ...this.event(filing.id, status), reason });
      await enterprisesOutbox.add(
        trx,
        hubEvent(
          'enterprises.filing_reviewed',
          { streetCode: filing.street_code, creditCode: filing.credit_code },
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
    const [enterprise] = await new EnterpriseStore(trx).enterprisesByCodes([filing.credit_code]);
    if (!enterprise || !actsForEnterprise(this.caller, partyOf(enterprise)))
      throw new ForbiddenError("Only the enterprise's legal representative may change its filing.");
    return filing;
  }

  private event(filingId: number, action: Parameters<FilingStore['insertEvent']>[0]['action']) {
    return {
      filing_id: filingId,
      action,
      actor_kind: this.caller.kind,
      actor_id: this.caller.id,
      actor_person_id: this.caller.personId,
      registration_count: null,
      reason: null,
      at: new Date(),
    };
  }
}
