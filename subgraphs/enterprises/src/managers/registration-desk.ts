import { InputProblems, cityDate } from '@cityhub/kit';
import type { Knex } from 'knex';
import { REFUSALS, refuse } from '../refusals.js';
import type { RegistrationStore } from '../repositories/registration-store.js';
import type { ReceiptParent } from '../repositories/rows.js';
import { normaliseCode } from '../rules/registration-codes.js';
import {
  batchIdsFrom,
  reasonFrom,
  registrationFrom,
  type RegistrantInput,
} from '../rules/registration-form.js';

export type Decision = 'APPROVE' | 'REJECT';

/** A batch decision's arguments, as the mutations take them: the ids (or all pending), and why. */
export type BatchArguments = [
  ids: readonly string[] | null | undefined,
  allPending: boolean | null | undefined,
  decision: Decision,
  reason: string | null | undefined,
];

export interface BatchResult {
  decision: Decision;
  decidedCount: number;
  pendingCount: number;
}

/**
 * People register with a place's code, then the place decides on them in batches: one workflow for
 * a work-resumption filing's employees and a street shop's staff (the store's RegistrationBook
 * says which tables). The filing and shop managers add who may decide and what follows.
 */
export class RegistrationDesk {
  constructor(
    private readonly registrations: RegistrationStore,
    private readonly place: 'filing' | 'shop',
    private readonly personIdKey: string,
  ) {}

  /** Public: a person registers through the code. Registering again answers the first registration. */
  async register(codeArgument: string, input: RegistrantInput): Promise<ReceiptParent> {
    const problems = new InputProblems();
    const code = problems.check('code', () => normaliseCode('code', codeArgument));
    const registration = registrationFrom(input, this.personIdKey, cityDate(), problems);
    problems.throwIfAny();
    const outcome = await this.registrations.register(code!, registration);
    if (outcome)
      return {
        registrationId: outcome.id,
        created: outcome.created,
        status: outcome.status,
        registeredAt: outcome.registeredAt,
        registeredWith: outcome.registeredWith,
      };
    const place = await this.registrations.placeByCode(code!);
    if (!place)
      return refuse(
        this.place === 'filing' ? REFUSALS.filingNotFound : REFUSALS.shopNotFound,
        `No ${this.place} has this code.`,
      );
    // Only a filing closes: a shop takes registrations for as long as it exists.
    if (place.status !== 'OPEN')
      return refuse(REFUSALS.filingClosed, 'This filing no longer takes registrations.', {
        filingStatus: place.status,
      });
    // A concurrent registration of the same person won the race: answer with it.
    const existing = await this.registrations.registrationOf(place.id, registration.personId);
    if (!existing) throw new Error('registration vanished after a conflicting insert');
    return {
      registrationId: existing.id,
      created: false,
      status: existing.status,
      registeredAt: existing.registeredAt,
      registeredWith: place.registeredWith,
    };
  }

  /** Checks a batch's arguments (`idsArgument` names the list), its problems into `problems`. */
  static batchFrom(idsArgument: string, batch: BatchArguments, problems: InputProblems) {
    const [ids, allPending, decision, reason] = batch;
    return {
      listed: batchIdsFrom(idsArgument, ids, allPending, problems),
      decision,
      reason: reasonFrom('reason', reason, false, problems),
    };
  }

  /**
   * In the manager's transaction, with the place locked: decides the listed registrations, or all
   * pending ones, whole or not at all (a refusal rolls the transaction back). Returns the ids decided.
   */
  async decide(
    trx: Knex.Transaction,
    placeId: number,
    listed: number[] | null,
    decision: Decision,
    reason: string | null,
    at: Date,
  ): Promise<number[]> {
    const registrations = this.registrations.in(trx);
    const status = decision === 'APPROVE' ? 'APPROVED' : 'REJECTED';
    const decided = await registrations.decide(placeId, listed, status, reason, at);
    if (listed && decided.length !== listed.length) {
      const existing = new Set(await registrations.existingIds(placeId, listed));
      const unknown = listed.filter((id) => !existing.has(id));
      if (unknown.length)
        return refuse(
          REFUSALS.registrationNotFound,
          `${unknown.length} of the registrations are not on this ${this.place}; nothing was decided.`,
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
        `No registration on this ${this.place} is pending.`,
      );
    return decided;
  }
}
