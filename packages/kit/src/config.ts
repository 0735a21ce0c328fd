import { z } from 'zod';

/**
 * Parses the environment once, at start, into a typed object. Every problem is printed and the
 * process stops: a half-configured department service must not come up.
 */
export function parseConfig<S extends z.ZodType>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  return parseConfigs([schema], env)[0];
}

/**
 * Several schemas over one environment (the kit's and a department's): the problems of all of them
 * are printed together, so one start lists everything to fix.
 */
export function parseConfigs<const S extends readonly z.ZodType[]>(
  schemas: S,
  env: NodeJS.ProcessEnv = process.env,
): { [K in keyof S]: z.infer<S[K]> } {
  const results = schemas.map((schema) => schema.safeParse(env));
  const problems = results.flatMap((result) =>
    result.success
      ? []
      : result.error.issues.map(
          (issue) => `  - ${issue.path.join('.') || '(environment)'}: ${issue.message}`,
        ),
  );
  if (problems.length === 0)
    return results.map((result) => result.data) as { [K in keyof S]: z.infer<S[K]> };
  process.stderr.write(
    `Invalid configuration, ${problems.length} problem(s):\n${problems.join('\n')}\n`,
  );
  process.exit(1);
}

/** Same as parseConfig but throws instead of exiting; for tests and library callers. */
export function parseConfigOrThrow<S extends z.ZodType>(
  schema: S,
  env: NodeJS.ProcessEnv,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new Error(
    result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '),
  );
}

export const portSchema = z.coerce.number().int().min(0).max(65535);
export const logLevelSchema = z
  .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  .default('info');
/** An on/off setting: `true`, `false`, `1` or `0`. */
export const flagSchema = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');
export const postgresUrlSchema = z
  .string()
  .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL');

/**
 * Development defaults of the hub's secrets. They are public (they are in this file), so a process
 * uses them only when its environment says development or test explicitly (`HUB_ENV`, else
 * `NODE_ENV`); anywhere else it refuses to start and lists what is missing.
 */
export const DEVELOPMENT_JWT_SECRET = 'city-data-hub-development-jwt-secret';
export const DEVELOPMENT_PERSON_ID_KEY = 'city-data-hub-development-person-key';
/** Passphrase from which development processes derive the gateway's identity key pair. */
export const DEVELOPMENT_IDENTITY_PASSPHRASE = 'city-data-hub-development-identity';

const environmentName = z.enum(['development', 'production', 'test']).optional();

/** `NODE_ENV` and `HUB_ENV` (which wins; for platforms where NODE_ENV means something else). */
export const environmentNames = { NODE_ENV: environmentName, HUB_ENV: environmentName };

/** True only when the environment says development or test explicitly. */
export function isDevelopmentEnvironment(env: { NODE_ENV?: string; HUB_ENV?: string }): boolean {
  const name = env.HUB_ENV ?? env.NODE_ENV;
  return name === 'development' || name === 'test';
}

/**
 * For a zod `.transform`: fills each missing secret with its development default when the
 * environment is development or test, and otherwise reports it as missing (so every missing secret
 * is listed at once).
 */
export function fillDevelopmentSecrets<T extends { NODE_ENV?: string; HUB_ENV?: string }>(
  env: T,
  context: z.RefinementCtx,
  defaults: Record<string, string | null>,
  why: Record<string, string> = {},
): T {
  const development = isDevelopmentEnvironment(env);
  const filled: Record<string, unknown> = { ...env };
  for (const [name, fallback] of Object.entries(defaults)) {
    if (filled[name] !== undefined) continue;
    if (development && fallback !== null) filled[name] = fallback;
    else if (!development)
      context.addIssue({
        code: 'custom',
        path: [name],
        message: `missing: ${why[name] ?? 'a secret'} has a development default only with NODE_ENV (or HUB_ENV) set to development or test`,
      });
  }
  return filled as T;
}

const secretSchema = z.string().min(16, 'must be at least 16 characters');

/** Where events travel: NATS JetStream when NATS_URL is set, else the hub's PostgreSQL. */
export const eventBusEnvironment = {
  NATS_URL: z
    .string()
    .regex(/^(nats|tls):\/\//, 'must be a nats:// URL')
    .optional(),
  EVENTS_NATS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]*$/, 'letters, digits, _ and -')
    .default(''),
  EVENTS_DATABASE_URL: postgresUrlSchema.optional(),
  EVENTS_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(2_000),
};

/** The settings every subgraph process shares; each subgraph adds its own `<NAME>_DATABASE_URL`. */
export const subgraphEnvironment = z.object({
  ...environmentNames,
  LOG_LEVEL: logLevelSchema,
  DATABASE_URL: postgresUrlSchema.optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /** A streaming standby for the reads that tolerate lag (opt-in; writes and the audit stay on the primary). */
  DATABASE_READ_URL: postgresUrlSchema.optional(),
  PERSON_ID_KEY: secretSchema.optional(),
  /** The gateway's public key(s), PEM; two during a key rollover. */
  HUB_IDENTITY_PUBLIC_KEYS: z
    .string()
    .includes('BEGIN PUBLIC KEY', { message: 'must be PEM public key(s)' })
    .optional(),
  AUDIT_DATABASE_URL: postgresUrlSchema.optional(),
  SMALL_COUNT_THRESHOLD: z.coerce.number().int().min(1).max(100).default(5),
  ...eventBusEnvironment,
  COUNT_ROUNDING_BASE: z.coerce.number().int().min(1).max(100).default(5),
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  /**
   * Hot lookups as named statements, parsed and planned once per connection (a store marks them
   * with `prepared`). Off behind a pooler in transaction mode, which cannot keep them.
   */
  PREPARED_STATEMENTS: flagSchema.default(true),
  /** Hot operations compiled to JavaScript (graphql-jit); the rest run on graphql-js. */
  COMPILED_EXECUTION: flagSchema.default(true),
  /** Identities checked with node:crypto's one-shot Ed25519 rather than jose over WebCrypto. */
  IDENTITY_ONE_SHOT: flagSchema.default(true),
});

/** A key setting's development value: the key pair is derived from the development passphrase. */
export const DEVELOPMENT_KEY = 'development';

/** The secrets a subgraph needs, with their development defaults. */
export const SUBGRAPH_SECRETS = {
  PERSON_ID_KEY: DEVELOPMENT_PERSON_ID_KEY,
  HUB_IDENTITY_PUBLIC_KEYS: DEVELOPMENT_KEY,
};
export const SECRET_PURPOSES: Record<string, string> = {
  PERSON_ID_KEY: 'the key of the pseudonymous person ids',
  HUB_IDENTITY_PUBLIC_KEYS: "the gateway's Ed25519 public key(s) (PEM)",
  HUB_IDENTITY_PRIVATE_KEY: "the gateway's Ed25519 private key (PEM, PKCS#8)",
  JWT_SECRET: "the key of users' tokens (or JWT_PUBLIC_KEY)",
  RISK_RUN_PUBLIC_KEY: "the risk run's Ed25519 public key (PEM)",
  RISK_RUN_PRIVATE_KEY: "the risk run's Ed25519 private key (PEM, PKCS#8)",
};
