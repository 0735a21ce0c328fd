import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { LimitedLog } from './log-limiter.js';

/**
 * Errors the hub raised on purpose keep their code and message. A database that cannot be reached
 * is SERVICE_UNAVAILABLE (the client may retry; nothing is wrong with its request). Anything else
 * (a bug, a broken statement) is logged in full and reaches the client as INTERNAL_SERVER_ERROR
 * without internals. Error lines are rate-limited, so that no caller can flood the log.
 */
export function hideInternals(
  formatted: GraphQLFormattedError,
  error: unknown,
  logError: LimitedLog,
  subgraph = 'department',
): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const code = formatted.extensions?.code;
  if (original instanceof GraphQLError && code !== 'INTERNAL_SERVER_ERROR') return formatted;
  if (
    original instanceof GraphQLError &&
    original.extensions?.code === 'INTERNAL_SERVER_ERROR' &&
    !original.originalError
  )
    return formatted;
  const where = {
    ...(formatted.path ? { path: formatted.path } : {}),
    ...(formatted.locations ? { locations: formatted.locations } : {}),
  };
  if (isDatabaseUnavailable(original)) {
    logError({ err: original, path: formatted.path }, 'database unavailable while resolving');
    return {
      message: `The ${subgraph} database is unavailable; try again shortly.`,
      ...where,
      extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: subgraph },
    };
  }
  logError({ err: original, path: formatted.path }, 'unexpected error while resolving');
  return {
    message: 'Internal server error',
    ...where,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

// Connection refused or cut, the server shutting down or starting, too many clients, no connection
// free in the pool: the database is away, not the statement wrong.
const UNAVAILABLE_NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** Whether an error says that PostgreSQL could not be reached, rather than that a statement failed. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let cause = error, depth = 0; cause && depth < 5; depth += 1) {
    const { code, name, message } = cause as { code?: unknown; name?: unknown; message?: unknown };
    if (typeof code === 'string') {
      if (UNAVAILABLE_NETWORK_CODES.has(code)) return true;
      // 08: connection exception; 57P01-03: admin shutdown, crash shutdown, cannot connect now; 53300: too many connections.
      if (/^(08...|57P0[123]|53300)$/.test(code)) return true;
    }
    if (name === 'KnexTimeoutError') return true;
    if (
      typeof message === 'string' &&
      /Connection terminated|connection timeout|Client has encountered a connection error/i.test(
        message,
      )
    )
      return true;
    cause =
      (cause as { cause?: unknown }).cause ?? (cause as { originalError?: unknown }).originalError;
  }
  return false;
}
