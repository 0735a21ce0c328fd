import { BadUserInputError, InputProblems } from '@cityhub/kit';

export const MAX_TITLE = 200;
export const MAX_TEXT = 4_000;
export const MAX_PARTS = 10;

/** A required text, trimmed: the problem when it is empty or longer than `max`. */
export function textProblem(value: string | null | undefined, max: number): string | null {
  const text = value?.trim() ?? '';
  if (!text) return 'must not be empty';
  if (text.length > max) return `at most ${max} characters`;
  return null;
}

/** Checks the texts of a form together; refuses it whole, naming every field wrong. */
export function requireTexts(fields: Record<string, [string | null | undefined, number]>): void {
  const problems = new InputProblems();
  for (const [field, [value, max]] of Object.entries(fields))
    problems.add(field, textProblem(value, max));
  problems.throwIfAny();
}

/** The place codes of a form: a 9-digit street, a 13-digit community within it. */
export function placeProblems(
  problems: InputProblems,
  prefix: string,
  streetCode: string,
  communityCode: string | null | undefined,
): void {
  if (!/^\d{9}$/.test(streetCode)) problems.add(`${prefix}.streetCode`, 'must be 9 digits');
  else if (
    communityCode &&
    !(/^\d{13}$/.test(communityCode) && communityCode.startsWith(streetCode))
  )
    problems.add(`${prefix}.communityCode`, 'must be 13 digits within the street');
}

/** An order id as the API gives it; anything else names no order. */
export function orderIdOf(id: string): number | null {
  return /^\d{1,15}$/.test(id) ? Number(id) : null;
}

export function requireOrderIds(argument: string, ids: readonly string[]): number[] {
  return ids.map((id) => {
    const parsed = orderIdOf(id);
    if (parsed === null) throw new BadUserInputError(argument, `${id} is not a work order id`);
    return parsed;
  });
}
