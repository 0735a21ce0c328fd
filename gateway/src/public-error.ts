import type { Logger } from '@cityhub/kit';
import type { GraphQLFormattedError } from 'graphql';

/**
 * What a client may see of an error: its message and code, never a subgraph's raw response, a
 * stack or an internal address. Unexpected errors are logged in full and shown as
 * INTERNAL_SERVER_ERROR.
 */
export function publicError(
  formatted: GraphQLFormattedError,
  logger: Logger,
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
    logger.error({ error: formatted }, 'unexpected error in the gateway');
    return {
      message: 'Internal server error',
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  }
  return { ...formatted, extensions };
}
