import type { LimitedLog } from '@cityhub/kit';
import type { GraphQLFormattedError } from 'graphql';

/**
 * What a client may see of an error: its message and code, never a subgraph's raw response, a
 * stack or an internal address. Unexpected errors are logged in full and shown as
 * INTERNAL_SERVER_ERROR; the log is rate-limited, so that anonymous callers cannot flood it.
 */
export function publicError(
  formatted: GraphQLFormattedError,
  logError: LimitedLog,
): GraphQLFormattedError {
  const {
    response: _response,
    exception: _exception,
    stacktrace: _stacktrace,
    http: _http,
    ...extensions
  } = formatted.extensions ?? {};
  if (
    extensions.code === 'INTERNAL_SERVER_ERROR' &&
    formatted.message !== 'Internal server error'
  ) {
    logError({ error: formatted }, 'unexpected error in the gateway');
    return {
      message: 'Internal server error',
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  }
  return { ...formatted, extensions };
}
