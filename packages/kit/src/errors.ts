import { GraphQLError } from 'graphql';

/**
 * Unexpected failures are thrown as GraphQLError subclasses with an `extensions.code` that clients
 * can act on. Bad input always names the argument (or field path) and says why.
 */
export class BadUserInputError extends GraphQLError {
  constructor(argument: string, reason: string, extra: Record<string, unknown> = {}) {
    super(`Invalid ${argument}: ${reason}.`, {
      extensions: { code: 'BAD_USER_INPUT', argumentName: argument, reason, ...extra },
    });
  }
}

export class ForbiddenError extends GraphQLError {
  constructor(message: string, extra: Record<string, unknown> = {}) {
    super(message, { extensions: { code: 'FORBIDDEN', ...extra } });
  }
}

export class UnauthenticatedError extends GraphQLError {
  constructor(message = 'Authentication required.') {
    super(message, { extensions: { code: 'UNAUTHENTICATED' } });
  }
}

/** A refused state change (closed filing, approved twice): says what rule was broken. */
export class ConflictError extends GraphQLError {
  constructor(code: string, message: string, extra: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extra } });
  }
}

/** One thing wrong with an input: the path of the field (`registrant.idNumber`) and why. */
export interface InputProblem {
  field: string;
  reason: string;
}

/**
 * Bad input reported whole: every problem of every field in one answer (a form is fixed in one round
 * trip, not one field per call). `argumentName`/`reason` carry the first, for clients that read one.
 */
export class InvalidInputError extends GraphQLError {
  constructor(readonly problems: InputProblem[]) {
    const first = problems[0] ?? { field: 'input', reason: 'is invalid' };
    const summary = problems.map((p) => `${p.field}: ${p.reason}`).join('; ');
    super(`Invalid input (${problems.length} problem(s)): ${summary}.`, {
      extensions: {
        code: 'BAD_USER_INPUT',
        argumentName: first.field,
        reason: first.reason,
        problems,
      },
    });
  }
}

/** Collects problems while an input is checked field by field; `throwIfAny` refuses it whole. */
export class InputProblems {
  readonly list: InputProblem[] = [];

  add(field: string, reason: string | null | undefined): void {
    if (reason) this.list.push({ field, reason });
  }

  /**
   * Runs a check that throws BadUserInputError and records its problem instead of stopping; with
   * `field` null, under the argument the error names (a date window names `from` or `to`).
   */
  check<T>(field: string | null, run: () => T): T | undefined {
    try {
      return run();
    } catch (error) {
      if (!(error instanceof GraphQLError) || error.extensions.code !== 'BAD_USER_INPUT')
        throw error;
      const named = field ?? String(error.extensions.argumentName ?? 'input');
      this.add(named, String(error.extensions.reason ?? error.message));
      return undefined;
    }
  }

  throwIfAny(): void {
    if (this.list.length > 0) throw new InvalidInputError(this.list);
  }
}
