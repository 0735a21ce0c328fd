import {
  ForbiddenError,
  InputProblems,
  SCOPES,
  cityDate,
  divisionCodeProblem,
  hasScope,
  personIdFor,
  requireStreet,
  residentIdProblem,
  streetOfCommunity,
  type Caller,
  type Database,
} from '@cityhub/kit';
import { RegistrationStore, type DbRegistrationRow } from '../repositories/registration-store.js';

export interface RegistrationInput {
  kind: 'COMMUNITY_HEALTH' | 'ARRIVAL';
  idNumber: string;
  name: string;
  phone: string;
  communityCode: string;
  address: string;
  originCode?: string | null;
  travel?: string | null;
  arrivedOn?: string | null;
  channel?: string | null;
  symptoms: string[];
}

const text = (value: string | null | undefined, max: number): string | null => {
  const trimmed = value?.trim() ?? '';
  return trimmed && trimmed.length <= max ? trimmed : null;
};

/**
 * The forms people fill in: a resident for themselves (their token's person), or a street's
 * official for someone in one of their communities. Every field is checked before anything is
 * written, and every problem is reported at once.
 */
export class RegistrationManager {
  private readonly store: RegistrationStore;

  constructor(
    private readonly db: Database,
    private readonly caller: Caller,
    private readonly personIdKey: string,
  ) {
    this.store = new RegistrationStore(db);
  }

  async submit(input: RegistrationInput): Promise<DbRegistrationRow> {
    const problems = new InputProblems();
    const idNumber = input.idNumber.trim().toUpperCase();
    problems.add('input.idNumber', residentIdProblem(idNumber));
    const name = text(input.name, 64);
    if (!name) problems.add('input.name', 'is required, at most 64 characters');
    const phone = input.phone.replace(/[\s-]/g, '');
    if (!/^1\d{10}$/.test(phone))
      problems.add('input.phone', 'must be an 11-digit mobile number starting with 1');
    problems.add('input.communityCode', divisionCodeProblem(input.communityCode, 'COMMUNITY'));
    const address = text(input.address, 200);
    if (!address) problems.add('input.address', 'is required, at most 200 characters');
    const arrival = input.kind === 'ARRIVAL';
    const travel = text(input.travel, 200);
    if (arrival) {
      problems.add(
        'input.originCode',
        input.originCode
          ? divisionCodeProblem(input.originCode, 'DISTRICT')
          : 'is required for an arrival',
      );
      if (!travel)
        problems.add('input.travel', 'is required for an arrival, at most 200 characters');
      if (!input.arrivedOn) problems.add('input.arrivedOn', 'is required for an arrival');
      else if (input.arrivedOn > cityDate()) problems.add('input.arrivedOn', 'is in the future');
      if (!input.channel) problems.add('input.channel', 'is required for an arrival');
    }
    problems.throwIfAny();
    const personId = personIdFor(idNumber, this.personIdKey);
    const submittedBy = this.authorise(personId, input.communityCode);
    const known = await this.db('communities').where({ code: input.communityCode }).first('code');
    if (!known) problems.add('input.communityCode', 'is not a community the hub knows');
    problems.throwIfAny();
    return this.store.insert(
      {
        kind: input.kind,
        person_id: personId,
        id_number: idNumber,
        name: name!,
        phone,
        community_code: input.communityCode,
        address: address!,
        origin_code: arrival ? input.originCode! : (input.originCode ?? null),
        travel: arrival ? travel : null,
        arrived_on: arrival ? input.arrivedOn! : null,
        symptoms: [...new Set(input.symptoms)],
        submitted_by: submittedBy,
      },
      arrival
        ? { channel: input.channel!, streetCode: streetOfCommunity(input.communityCode) }
        : null,
    );
  }

  /** Self-declaration by the token's person, or an official of the community's street. */
  private authorise(personId: string, communityCode: string): string {
    if (this.caller.personId === personId) return 'self';
    if (!hasScope(this.caller, SCOPES.populationRead))
      throw new ForbiddenError(
        "A registration is made by the person themselves or by an official of the community's street.",
      );
    requireStreet(this.caller, streetOfCommunity(communityCode));
    return `${this.caller.kind}:${this.caller.id}`;
  }
}
