import { z } from 'zod';
import {
  DEVELOPMENT_INTERNAL_SECRET,
  parseConfig,
  portSchema,
  postgresUrlSchema,
  subgraphEnvironment,
} from './config.js';
import { createLogger } from './logger.js';
import { onShutdown } from './shutdown.js';
import {
  startSubgraph,
  type SubgraphBaseContext,
  type SubgraphDefinition,
} from './subgraph-server.js';

/**
 * The entry point of a subgraph process. Each department's service reads `<NAME>_PORT` and
 * `<NAME>_DATABASE_URL` (falling back to `DATABASE_URL`), so a department can run its own server.
 */
export async function runSubgraphProcess<TContext extends SubgraphBaseContext>(
  definition: SubgraphDefinition<TContext>,
  defaultPort: number,
): Promise<void> {
  const prefix = definition.name.toUpperCase();
  const environment = subgraphEnvironment
    .extend({
      [`${prefix}_PORT`]: portSchema.default(defaultPort),
      [`${prefix}_DATABASE_URL`]: postgresUrlSchema.optional(),
      HOST: z.string().default('127.0.0.1'),
    })
    .refine((env) => env[`${prefix}_DATABASE_URL`] ?? env.DATABASE_URL, {
      message: `set ${prefix}_DATABASE_URL or DATABASE_URL`,
      path: ['DATABASE_URL'],
    })
    .refine(
      (env) =>
        env.NODE_ENV !== 'production' || env.HUB_INTERNAL_SECRET !== DEVELOPMENT_INTERNAL_SECRET,
      {
        message: 'set your own secret in production',
        path: ['HUB_INTERNAL_SECRET'],
      },
    );
  const config = parseConfig(environment) as z.infer<typeof subgraphEnvironment> &
    Record<string, unknown>;
  const logger = createLogger(`cityhub-${definition.name}`, config.LOG_LEVEL);
  const running = await startSubgraph(definition, {
    databaseUrl: (config[`${prefix}_DATABASE_URL`] as string | undefined) ?? config.DATABASE_URL!,
    port: config[`${prefix}_PORT`] as number,
    host: config.HOST as string,
    logger,
    personIdKey: config.PERSON_ID_KEY,
    poolMax: config.DATABASE_POOL_MAX,
    migrate: true,
    internalSecret: config.HUB_INTERNAL_SECRET,
    auditDatabaseUrl:
      config.AUDIT_DATABASE_URL ??
      config.DATABASE_URL ??
      (config[`${prefix}_DATABASE_URL`] as string | undefined as string),
    smallCountThreshold: config.SMALL_COUNT_THRESHOLD,
    countRoundingBase: config.COUNT_ROUNDING_BASE,
  });
  onShutdown(logger, [running.stop]);
}
