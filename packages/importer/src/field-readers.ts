import {
  creditCodeProblem,
  divisionCodeProblem,
  residentIdProblem,
  type DivisionLevel,
  type InputProblems,
} from '@cityhub/kit';

/**
 * Reading one field of a record: the value (trimmed, upper-cased where the code says so), or
 * undefined with the problem recorded under the field's name. Absent optional fields give null.
 */
export type Fields = Record<string, string>;

export function requiredText(
  fields: Fields,
  name: string,
  problems: InputProblems,
  maxLength = 200,
): string | undefined {
  const value = fields[name]?.trim();
  if (!value) return (problems.add(name, 'is required'), undefined);
  if (value.length > maxLength)
    return (problems.add(name, `is over ${maxLength} characters`), undefined);
  return value;
}

export function optionalText(
  fields: Fields,
  name: string,
  problems: InputProblems,
  maxLength = 200,
): string | null | undefined {
  const value = fields[name]?.trim();
  if (!value) return null;
  if (value.length > maxLength)
    return (problems.add(name, `is over ${maxLength} characters`), undefined);
  return value;
}

/** A field checked by one of the kit's code checks (which return the problem or null). */
function codeField(
  fields: Fields,
  name: string,
  problems: InputProblems,
  problemOf: (value: string) => string | null,
): string | undefined {
  const value = requiredText(fields, name, problems)?.toUpperCase();
  if (value === undefined) return undefined;
  const problem = problemOf(value);
  return problem ? (problems.add(name, problem), undefined) : value;
}

/** GB 11643 resident identity number. */
export const residentIdField = (fields: Fields, name: string, problems: InputProblems) =>
  codeField(fields, name, problems, residentIdProblem);

/** GB 32100 unified social credit code. */
export const creditCodeField = (fields: Fields, name: string, problems: InputProblems) =>
  codeField(fields, name, problems, creditCodeProblem);

/** GB/T 2260 / 10114 division code, of one level when given. */
export const divisionCodeField = (
  fields: Fields,
  name: string,
  problems: InputProblems,
  level?: DivisionLevel,
) => codeField(fields, name, problems, (value) => divisionCodeProblem(value, level));

/** A code of the department's own (a station, a checkpoint), upper-cased, matching `pattern`. */
export function patternField(
  fields: Fields,
  name: string,
  problems: InputProblems,
  pattern: RegExp,
  rule: string,
): string | undefined {
  const value = requiredText(fields, name, problems)?.toUpperCase();
  if (value === undefined) return undefined;
  return pattern.test(value) ? value : (problems.add(name, rule), undefined);
}

export function enumField<T extends string>(
  fields: Fields,
  name: string,
  problems: InputProblems,
  allowed: readonly T[],
): T | undefined {
  const value = requiredText(fields, name, problems)?.toUpperCase();
  if (value === undefined) return undefined;
  return (allowed as readonly string[]).includes(value)
    ? (value as T)
    : (problems.add(name, `must be one of ${allowed.join(', ')}`), undefined);
}

/** A calendar date, YYYY-MM-DD, that exists. */
export function dateField(
  fields: Fields,
  name: string,
  problems: InputProblems,
): string | undefined {
  const value = requiredText(fields, name, problems);
  if (value === undefined) return undefined;
  const date = new Date(`${value}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && date.toISOString().startsWith(value)
    ? value
    : (problems.add(name, 'must be a date YYYY-MM-DD'), undefined);
}

/** An instant, ISO 8601 with an offset (a time without one is ambiguous across systems). */
export function optionalInstantField(
  fields: Fields,
  name: string,
  problems: InputProblems,
): string | null | undefined {
  const value = fields[name]?.trim();
  if (!value) return null;
  const ok =
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) &&
    !Number.isNaN(Date.parse(value));
  return ok
    ? new Date(value).toISOString()
    : (problems.add(name, 'must be an ISO 8601 instant with an offset'), undefined);
}

export function instantField(
  fields: Fields,
  name: string,
  problems: InputProblems,
): string | undefined {
  if (requiredText(fields, name, problems) === undefined) return undefined;
  return optionalInstantField(fields, name, problems) ?? undefined;
}

/** A calendar month, YYYY-MM. */
export function monthField(
  fields: Fields,
  name: string,
  problems: InputProblems,
): string | undefined {
  const value = requiredText(fields, name, problems);
  if (value === undefined) return undefined;
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(value)
    ? value
    : (problems.add(name, 'must be a month YYYY-MM'), undefined);
}

/** A decimal number within [min, max] with at most `decimals` digits after the point. */
export function numberField(
  fields: Fields,
  name: string,
  problems: InputProblems,
  range: { min: number; max: number; decimals?: number },
): number | undefined {
  const value = requiredText(fields, name, problems);
  if (value === undefined) return undefined;
  const decimals = range.decimals ?? 0;
  const pattern = decimals > 0 ? new RegExp(`^-?\\d+(\\.\\d{1,${decimals}})?$`) : /^-?\d+$/;
  const number = Number(value);
  if (!pattern.test(value))
    return (
      problems.add(
        name,
        decimals > 0
          ? `must be a number with at most ${decimals} decimal${decimals > 1 ? 's' : ''}`
          : 'must be a whole number',
      ),
      undefined
    );
  return number >= range.min && number <= range.max
    ? number
    : (problems.add(name, `must be between ${range.min} and ${range.max}`), undefined);
}

/** A field that may be empty (null), else read by `reader`. */
export function optional<T>(
  fields: Fields,
  name: string,
  problems: InputProblems,
  reader: (fields: Fields, name: string, problems: InputProblems) => T | undefined,
): T | null | undefined {
  return fields[name]?.trim() ? reader(fields, name, problems) : null;
}

/** A mainland mobile number: 11 digits starting with 1. */
export function mobilePhoneField(
  fields: Fields,
  name: string,
  problems: InputProblems,
): string | undefined {
  const value = requiredText(fields, name, problems)?.replace(/[\s-]/g, '');
  if (value === undefined) return undefined;
  return /^1\d{10}$/.test(value)
    ? value
    : (problems.add(name, 'must be an 11-digit mobile number starting with 1'), undefined);
}
