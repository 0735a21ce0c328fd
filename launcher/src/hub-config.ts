import { fileURLToPath } from 'node:url';
import {
  DEVELOPMENT_JWT_SECRET,
  DEVELOPMENT_PERSON_ID_KEY,
  SECRET_PURPOSES,
  eventBusEnvironment,
  fillDevelopmentSecrets,
  logLevelSchema,
  portSchema,
  postgresUrlSchema,
} from '@cityhub/kit';
import { SUBGRAPHS } from '@cityhub/schema';
import { DEFAULT_SEED, PRESETS, type PresetName } from '@cityhub/synthetic-city';
import { z } from 'zod';

const REPOSITORY_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const perSubgraphDatabases = Object.fromEntries(
  SUBGRAPHS.map(({ name }) => [`${name.toUpperCase()}_DATABASE_URL`, postgresUrlSchema.optional()]),
);
const perSubgraphPorts = Object.fromEntries(
  SUBGRAPHS.map(({ name, port }) => [`${name.toUpperCase()}_PORT`, portSchema.default(port)]),
);

const environmentName = z.enum(['development', 'production', 'test']).optional();

/**
 * Settings of `npm start`, `npm run seed`, `npm run migrate` and the credential commands: tools that
 * run a development hub, so with neither NODE_ENV nor HUB_ENV set they say development themselves
 * (and pass it on to the services they start). Set NODE_ENV=production and every secret must be given.
 */
export const hubEnvironment = z
  .object({
    NODE_ENV: environmentName,
    HUB_ENV: environmentName,
    // Unset: the launcher logs at info and the services it starts at warn, so a terminal stays readable.
    LOG_LEVEL: logLevelSchema.unwrap().optional(),
    PORT: portSchema.default(4000),
    DATABASE_URL: postgresUrlSchema.optional(),
    EMBEDDED_POSTGRES_DIR: z.string().default(`${REPOSITORY_ROOT}.data/postgres`),
    EMBEDDED_POSTGRES_PORT: portSchema.default(54329),
    DATABASE_NAME: z
      .string()
      .regex(/^[a-z_][a-z0-9_]*$/, 'lower-case letters, digits and _')
      .default('cityhub'),
    SEED_PRESET: z.enum(Object.keys(PRESETS) as [PresetName, ...PresetName[]]).default('demo'),
    SEED: z.coerce.number().int().default(DEFAULT_SEED),
    PERSON_ID_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
    JWT_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    // Passed on to every service, which relays its events there; only shown here.
    NATS_URL: eventBusEnvironment.NATS_URL,
    ...perSubgraphDatabases,
    ...perSubgraphPorts,
  })
  .transform((env, context) =>
    fillDevelopmentSecrets(
      { ...env, HUB_ENV: env.HUB_ENV ?? (env.NODE_ENV ? undefined : ('development' as const)) },
      context,
      { PERSON_ID_KEY: DEVELOPMENT_PERSON_ID_KEY, JWT_SECRET: DEVELOPMENT_JWT_SECRET },
      SECRET_PURPOSES,
    ),
  );

export type HubConfig = z.infer<typeof hubEnvironment> & {
  PERSON_ID_KEY: string;
  JWT_SECRET: string;
};

export { REPOSITORY_ROOT };

/** The port a subgraph listens on: its own `<NAME>_PORT`, else the registry's. */
export function subgraphPortFor(config: HubConfig, subgraph: string): number {
  return (config as Record<string, unknown>)[`${subgraph.toUpperCase()}_PORT`] as number;
}

/** The database each subgraph uses: its own `<NAME>_DATABASE_URL`, else the hub's. */
export function databaseUrlFor(config: HubConfig, subgraph: string, hubUrl: string): string {
  return (
    ((config as Record<string, unknown>)[`${subgraph.toUpperCase()}_DATABASE_URL`] as
      string | undefined) ?? hubUrl
  );
}
