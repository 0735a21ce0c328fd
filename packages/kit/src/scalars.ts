import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { creditCodeProblem } from './codes/credit-code.js';
import { divisionCodeProblem } from './codes/division-code.js';
import { residentIdProblem } from './codes/resident-id.js';
import { cityDateTime } from './city-calendar.js';
import { BadUserInputError } from './errors.js';

/**
 * Validated scalars shared by every subgraph. Each subgraph declares the ones it uses in its
 * schema.graphql; the implementations are here, once.
 */
function stringScalar(
  name: string,
  description: string,
  problemOf: (value: string) => string | null,
  normalise = (v: string) => v,
) {
  const parse = (value: unknown): string => {
    if (typeof value !== 'string')
      throw new GraphQLError(`${name} must be a string.`, {
        extensions: { code: 'BAD_USER_INPUT' },
      });
    const normalised = normalise(value.trim());
    const problem = problemOf(normalised);
    if (problem)
      throw new GraphQLError(`Invalid ${name}: ${problem}.`, {
        extensions: { code: 'BAD_USER_INPUT', reason: problem },
      });
    return normalised;
  };
  return new GraphQLScalarType<string, string>({
    name,
    description,
    serialize: (value) => String(value),
    parseValue: parse,
    parseLiteral: (ast: ValueNode) => {
      if (ast.kind !== Kind.STRING) throw new GraphQLError(`${name} must be a string literal.`);
      return parse(ast.value);
    },
  });
}

const upper = (value: string) => value.toUpperCase();

export const ResidentIdScalar = stringScalar(
  'ResidentId',
  'Resident identity number, GB 11643 (居民身份证号码).',
  residentIdProblem,
  upper,
);
export const CreditCodeScalar = stringScalar(
  'CreditCode',
  'Unified social credit code, GB 32100 (统一社会信用代码).',
  creditCodeProblem,
  upper,
);
export const DivisionCodeScalar = stringScalar(
  'DivisionCode',
  'Administrative division code, GB/T 2260 and GB/T 10114 (行政区划代码).',
  (v) => divisionCodeProblem(v),
);
export const DateScalar = stringScalar('Date', 'A calendar date, YYYY-MM-DD.', dateProblem);
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An instant, ISO 8601 with offset, e.g. 2020-02-10T09:30:00+08:00.',
  // Written in the city's offset (UTC+8): the same instant, read in Shanghai's hours.
  serialize: (value) => cityDateTime(value instanceof Date ? value : new Date(String(value))),
  parseValue: (value) => parseDateTime(value),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime must be a string literal.');
    return parseDateTime(ast.value);
  },
});

export const scalarResolvers = {
  ResidentId: ResidentIdScalar,
  CreditCode: CreditCodeScalar,
  DivisionCode: DivisionCodeScalar,
  Date: DateScalar,
  DateTime: DateTimeScalar,
};

export function dateProblem(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return 'must be a date as YYYY-MM-DD';
  const date = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value)
    return 'is not a real calendar date';
  return null;
}

function parseDateTime(value: unknown): Date {
  if (
    typeof value !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)
  ) {
    throw new GraphQLError('DateTime must be ISO 8601 with a time zone offset.', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new GraphQLError('DateTime is not a real instant.', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  return date;
}

/** Argument checks for the places where the contract types an argument as a plain String. */
export function requireResidentId(argument: string, value: string): string {
  const normalised = value.trim().toUpperCase();
  const problem = residentIdProblem(normalised);
  if (problem) throw new BadUserInputError(argument, `a resident ID number ${problem}`);
  return normalised;
}

export function requireCreditCode(argument: string, value: string): string {
  const normalised = value.trim().toUpperCase();
  const problem = creditCodeProblem(normalised);
  if (problem) throw new BadUserInputError(argument, `a unified social credit code ${problem}`);
  return normalised;
}

export function requireDivisionCode(
  argument: string,
  value: string,
  level?: Parameters<typeof divisionCodeProblem>[1],
): string {
  const problem = divisionCodeProblem(value, level);
  if (problem) throw new BadUserInputError(argument, `a division code ${problem}`);
  return value;
}

export function requireDate(argument: string, value: string): string {
  const problem = dateProblem(value);
  if (problem) throw new BadUserInputError(argument, problem);
  return value;
}
