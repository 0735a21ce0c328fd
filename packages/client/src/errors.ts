/** One error of a hub answer, as GraphQL over HTTP carries it. */
export interface HubErrorDetail {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: Record<string, unknown>;
}

/** Every error the client throws; `code` is the hub's `extensions.code`. */
export class HubError extends Error {
  override readonly name: string = 'HubError';
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
    readonly errors: HubErrorDetail[] = [],
    /** What the hub answered besides the errors (a partial result), if anything. */
    readonly data: unknown = null,
  ) {
    super(message);
  }
}

/** No key, or a key that is unknown, revoked, expired or past its rotation's grace period. */
export class UnauthenticatedError extends HubError {
  override readonly name = 'UnauthenticatedError';
}
/** The key lacks a scope, or personal data were asked for without a purpose. */
export class ForbiddenError extends HubError {
  override readonly name = 'ForbiddenError';
}
/** The key runs only its application's trusted documents, and this is not one. */
export class OperationNotRegisteredError extends HubError {
  override readonly name = 'OperationNotRegisteredError';
}
/** No trusted document with this id is registered for the key's application. */
export class PersistedDocumentNotFoundError extends HubError {
  override readonly name = 'PersistedDocumentNotFoundError';
}
/** Still over the rate limit after the retries; `retryAfterSeconds` is the hub's advice. */
export class RateLimitedError extends HubError {
  override readonly name = 'RateLimitedError';
  retryAfterSeconds: number | null = null;
}
/** An argument the hub refused; `field` and `reason` say which and why. */
export class BadUserInputError extends HubError {
  override readonly name = 'BadUserInputError';
  get field(): string | undefined {
    return this.errors[0]?.extensions?.field as string | undefined;
  }
  get reason(): string | undefined {
    return this.errors[0]?.extensions?.reason as string | undefined;
  }
}

const BY_CODE: Record<string, typeof HubError> = {
  UNAUTHENTICATED: UnauthenticatedError,
  FORBIDDEN: ForbiddenError,
  OPERATION_NOT_REGISTERED: OperationNotRegisteredError,
  PERSISTED_QUERY_NOT_FOUND: PersistedDocumentNotFoundError,
  RATE_LIMITED: RateLimitedError,
  BAD_USER_INPUT: BadUserInputError,
};

/** The typed error for a hub answer with errors: the first error's code decides. */
export function hubErrorFrom(status: number, errors: HubErrorDetail[], data: unknown): HubError {
  const first = errors[0];
  const code = String(
    first?.extensions?.code ?? (status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'UNKNOWN'),
  );
  const ErrorClass = BY_CODE[code] ?? HubError;
  return new ErrorClass(
    first?.message ?? `The hub answered HTTP ${status}.`,
    code,
    status,
    errors,
    data,
  );
}
