import { z } from 'zod';

/**
 * Parses the environment once, at start, into a typed object. Every problem is printed and the
 * process stops: a half-configured department service must not come up.
 */
export function parseConfig<S extends z.ZodType>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `  - ${issue.path.join('.') || '(environment)'}: ${issue.message}`,
  );
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
export const postgresUrlSchema = z
  .string()
  .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL');

/** Development defaults of the hub's secrets; production refuses to start with them. */
export const DEVELOPMENT_INTERNAL_SECRET = 'city-data-hub-development-internal-secret';
export const DEVELOPMENT_JWT_SECRET = 'city-data-hub-development-jwt-secret';

/** The settings every subgraph process shares; each subgraph adds its own `<NAME>_DATABASE_URL`. */
export const subgraphEnvironment = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: logLevelSchema,
  DATABASE_URL: postgresUrlSchema.optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  PERSON_ID_KEY: z
    .string()
    .min(16, 'must be at least 16 characters')
    .default('city-data-hub-development-person-key'),
  HUB_INTERNAL_SECRET: z
    .string()
    .min(16, 'must be at least 16 characters')
    .default(DEVELOPMENT_INTERNAL_SECRET),
  AUDIT_DATABASE_URL: postgresUrlSchema.optional(),
  SMALL_COUNT_THRESHOLD: z.coerce.number().int().min(1).max(100).default(5),
  COUNT_ROUNDING_BASE: z.coerce.number().int().min(1).max(100).default(5),
});
