import {
  type InputProblems,
  personIdFor,
  requireDate,
  requireDivisionCode,
  requireResidentId,
} from '@cityhub/kit';
import type { NewRegistration } from '../repositories/registration-store.js';

export interface RegistrantInput {
  idNumber: string;
  name: string;
  phone: string;
  originCode: string;
  arrivedOn?: string | null;
}

const MAX_NAME_LENGTH = 50;
const MAX_REASON_LENGTH = 500;
const MAX_BATCH = 10_000;

/** Free text of bounded length, trimmed: the problem, or null. */
export function textProblem(value: string, max: number): string | null {
  const trimmed = value.trim();
  return trimmed.length === 0 || [...trimmed].length > max
    ? `must be 1 to ${max} characters`
    : null;
}

/**
 * Checks a registration form field by field, every problem into `problems` (fields
 * `registrant.idNumber`…), and derives the person's hub id. Read the result only when there is none.
 */
export function registrationFrom(
  input: RegistrantInput,
  personIdKey: string,
  today: string,
  problems: InputProblems,
  prefix = 'registrant',
): NewRegistration {
  const field = (name: string) => `${prefix}.${name}`;
  const idNumber = problems.check(field('idNumber'), () =>
    requireResidentId(field('idNumber'), input.idNumber),
  );
  const name = input.name.trim();
  problems.add(field('name'), textProblem(name, MAX_NAME_LENGTH));
  const phone = input.phone.replace(/[\s-]/g, '');
  if (!/^1\d{10}$/.test(phone))
    problems.add(field('phone'), 'must be an 11-digit mobile number starting with 1');
  const originCode = problems.check(field('originCode'), () =>
    requireDivisionCode(field('originCode'), input.originCode.trim(), 'DISTRICT'),
  );
  const arrivedOn = input.arrivedOn
    ? problems.check(field('arrivedOn'), () => requireDate(field('arrivedOn'), input.arrivedOn!))
    : null;
  if (arrivedOn && arrivedOn > today) problems.add(field('arrivedOn'), 'must not be in the future');
  return {
    personId: idNumber ? personIdFor(idNumber, personIdKey) : '',
    idNumber: idNumber ?? '',
    name,
    phone,
    originCode: originCode ?? '',
    arrivedOn: arrivedOn ?? null,
  };
}

/** Reasons are free text but bounded, since they end up on screens and in the history. */
export function reasonFrom(
  argument: string,
  value: string | null | undefined,
  required: boolean,
  problems: InputProblems,
): string | null {
  const reason = value?.trim() || null;
  if (required && !reason) problems.add(argument, 'a rejection needs a reason');
  if (reason && reason.length > MAX_REASON_LENGTH)
    problems.add(argument, `must be at most ${MAX_REASON_LENGTH} characters`);
  return reason;
}

/** An id this API issued: a positive integer of at most 15 digits; null (and a problem) otherwise. */
export function idFrom(argument: string, value: string, problems: InputProblems): number | null {
  const id = /^\d{1,15}$/.test(value) ? Number(value) : 0;
  if (id > 0) return id;
  problems.add(argument, 'not an id this API issued');
  return null;
}

/** Ids of a batch decision, each once; null for "all pending". */
export function batchIdsFrom(
  argument: string,
  ids: readonly string[] | null | undefined,
  allPending: boolean | null | undefined,
  problems: InputProblems,
): number[] | null {
  const listed = ids && ids.length > 0;
  if (listed === Boolean(allPending)) {
    problems.add(argument, 'give either the ids to decide or allPending: true');
    return null;
  }
  if (!listed) return null;
  if (ids.length > MAX_BATCH) problems.add(argument, 'at most 10,000 in one batch');
  const parsed = ids.map((id) => (/^\d{1,15}$/.test(id) ? Number(id) : 0));
  if (parsed.some((id) => id <= 0)) problems.add(argument, 'every id must be one this API issued');
  return [...new Set(parsed)];
}
