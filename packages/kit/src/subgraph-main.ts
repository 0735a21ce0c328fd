import { z } from 'zod';
import {
  SECRET_PURPOSES,
  SUBGRAPH_SECRETS,
  fillDevelopmentSecrets,
  parseConfigs,
  portSchema,
  postgresUrlSchema,
  subgraphEnvironment,
} from './config.js';
import { feedBusEnvironment } from './feeds/feed-settings.js';
import { publicKeysFromSetting } from './identity-header.js';
import { createLogger } from './logger.js';
import { onShutdown } from './shutdown.js';
import { startTracing } from './tracing.js';
import {
  startSubgraph,
  type RunningSubgraph,
  type SubgraphBaseContext,
  type SubgraphDefinition,
} from './subgraph-server.js';

export type SubgraphProcessConfig = z.infer<typeof subgraphEnvironment> &
  Required<Pick<z.infer<typeof subgraphEnvironment>, keyof typeof SUBGRAPH_SECRETS>> &
  Record<string, unknown>;

/**
 * A subgraph process's settings: the shared ones, its own port and database, and its secrets, which
 * have development defaults only in development or test (every missing one is listed otherwise).
 */
export function subgraphProcessEnvironment(name: string, defaultPort: number) {
  const prefix = name.toUpperCase();
  return subgraphEnvironment
    .extend({
      [`${prefix}_PORT`]: portSchema.default(defaultPort),
      [`${prefix}_DATABASE_URL`]: postgresUrlSchema.optional(),
      [`${prefix}_DATABASE_READ_URL`]: postgresUrlSchema.optional(),
      HOST: z.string().default('127.0.0.1'),
    })
    .transform((env, context) => {
      if (!(env[`${prefix}_DATABASE_URL`] ?? env.DATABASE_URL))
        context.addIssue({
          code: 'custom',
          path: ['DATABASE_URL'],
          message: `set ${prefix}_DATABASE_URL or DATABASE_URL`,
        });
      return fillDevelopmentSecrets(env, context, SUBGRAPH_SECRETS, SECRET_PURPOSES);
    });
}

/** A running subgraph process: the kit's settings, the department's, and the server. */
export interface SubgraphProcess<TSettings> {
  config: SubgraphProcessConfig;
  /** The department's database: `<NAME>_DATABASE_URL`, else `DATABASE_URL`. */
  databaseUrl: string;
  settings: TSettings;
  running: RunningSubgraph;
}

/**
 * The entry point of a subgraph process. Each department's service reads `<NAME>_PORT` and
 * `<NAME>_DATABASE_URL` (falling back to `DATABASE_URL`), so a department can run its own server.
 * The kit's settings, the department's own (`definition.environment`) and where it reads its
 * feeds (`<NAME>_FEED_*`) are parsed together, before anything starts: a bad value stops the
 * process with every problem listed.
 */
export async function runSubgraphProcess<TContext extends SubgraphBaseContext, TSettings>(
  definition: SubgraphDefinition<TContext, TSettings>,
  defaultPort: number,
): Promise<SubgraphProcess<TSettings>> {
  const prefix = definition.name.toUpperCase();
  const [parsed, settings, feedBus] = parseConfigs([
    subgraphProcessEnvironment(definition.name, defaultPort),
    definition.environment ?? z.undefined().catch(undefined),
    feedBusEnvironment(definition.name),
  ]);
  const config = parsed as SubgraphProcessConfig;
  const databaseUrl =
    (config[`${prefix}_DATABASE_URL`] as string | undefined) ?? config.DATABASE_URL!;
  const logger = createLogger(`cityhub-${definition.name}`, config.LOG_LEVEL);
  const tracing = await startTracing(`cityhub-${definition.name}`);
  const running = await startSubgraph(definition, {
    databaseUrl,
    readDatabaseUrl:
      (config[`${prefix}_DATABASE_READ_URL`] as string | undefined) ?? config.DATABASE_READ_URL,
    port: config[`${prefix}_PORT`] as number,
    host: config.HOST as string,
    logger,
    personIdKey: config.PERSON_ID_KEY,
    poolMax: config.DATABASE_POOL_MAX,
    migrate: true,
    identityPublicKeys: publicKeysFromSetting(config.HUB_IDENTITY_PUBLIC_KEYS),
    auditDatabaseUrl: config.AUDIT_DATABASE_URL ?? config.DATABASE_URL ?? databaseUrl,
    smallCountThreshold: config.SMALL_COUNT_THRESHOLD,
    events: {
      natsUrl: config.NATS_URL,
      natsPrefix: config.EVENTS_NATS_PREFIX,
      databaseUrl: config.EVENTS_DATABASE_URL ?? config.DATABASE_URL ?? databaseUrl,
      pollMs: config.EVENTS_POLL_MS,
    },
    countRoundingBase: config.COUNT_ROUNDING_BASE,
    statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    preparedStatements: config.PREPARED_STATEMENTS as boolean,
    compiledExecution: config.COMPILED_EXECUTION as boolean,
    identityOneShot: config.IDENTITY_ONE_SHOT as boolean,
    settings,
    feedBus,
  });
  onShutdown(logger, [running.stop, ...(tracing ? [tracing.stop] : [])]);
  return { config, databaseUrl, settings: settings as TSettings, running };
}
