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
