import {
  BadUserInputError,
  personIdFor,
  requireDate,
  requireDivisionCode,
  requireResidentId,
} from '@cityhub/kit';
import type { NewRegistration } from '../repositories/filing-store.js';

export interface RegistrantInput {
  idNumber: string;
  name: string;
  phone: string;
  originCode: string;
  arrivedOn?: string | null;
}

const MAX_NAME_LENGTH = 50;

/** Checks a registration form field by field and derives the person's hub id; every problem names its field. */
export function registrationFrom(
  input: RegistrantInput,
  personIdKey: string,
  today: string,
  prefix = 'registrant',
): NewRegistration {
  const idNumber = requireResidentId(`${prefix}.idNumber`, input.idNumber);
  const name = input.name.trim();
  if (name.length === 0 || [...name].length > MAX_NAME_LENGTH)
    throw new BadUserInputError(`${prefix}.name`, `must be 1 to ${MAX_NAME_LENGTH} characters`);
  const phone = input.phone.replace(/[\s-]/g, '');
  if (!/^1\d{10}$/.test(phone))
    throw new BadUserInputError(
      `${prefix}.phone`,
      'must be an 11-digit mobile number starting with 1',
    );
  const originCode = requireDivisionCode(
    `${prefix}.originCode`,
    input.originCode.trim(),
    'DISTRICT',
  );
  const arrivedOn = input.arrivedOn ? requireDate(`${prefix}.arrivedOn`, input.arrivedOn) : null;
  if (arrivedOn && arrivedOn > today)
    throw new BadUserInputError(`${prefix}.arrivedOn`, 'must not be in the future');
  return {
    person_id: personIdFor(idNumber, personIdKey),
    id_number: idNumber,
    name,
    phone,
    origin_code: originCode,
    arrived_on: arrivedOn,
  };
}

/** Reasons are free text but bounded, since they end up on screens and in the history. */
export function reasonFrom(
  argument: string,
  value: string | null | undefined,
  required: boolean,
): string | null {
  const reason = value?.trim() || null;
  if (required && !reason) throw new BadUserInputError(argument, 'a rejection needs a reason');
  if (reason && reason.length > 500)
    throw new BadUserInputError(argument, 'must be at most 500 characters');
  return reason;
}

/** Ids of a batch decision: positive integers, each once. */
export function batchIdsFrom(
  argument: string,
  ids: readonly string[] | null | undefined,
  allPending: boolean | null | undefined,
): number[] | null {
  const listed = ids && ids.length > 0;
  if (listed === Boolean(allPending))
    throw new BadUserInputError(argument, 'give either the ids to decide or allPending: true');
  if (!listed) return null;
  if (ids.length > 10_000) throw new BadUserInputError(argument, 'at most 10,000 in one batch');
  const parsed = ids.map((id) => (/^\d{1,15}$/.test(id) ? Number(id) : NaN));
  if (parsed.some((id) => !Number.isSafeInteger(id) || id <= 0))
    throw new BadUserInputError(argument, 'every id must be one this API issued');
  return [...new Set(parsed)];
}
