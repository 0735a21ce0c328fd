import { fileURLToPath } from 'node:url';
import {
  DEVELOPMENT_INTERNAL_SECRET,
  DEVELOPMENT_JWT_SECRET,
  logLevelSchema,
  portSchema,
  postgresUrlSchema,
} from '@cityhub/kit';
import { SUBGRAPHS, defaultSubgraphUrl } from '@cityhub/schema';
import { z } from 'zod';

const subgraphUrlVariables = Object.fromEntries(
  SUBGRAPHS.map((entry) => [
    `${entry.name.toUpperCase()}_URL`,
    z.string().url().default(defaultSubgraphUrl(entry)),
  ]),
);

const secret = (fallback: string) =>
  z.string().min(16, 'must be at least 16 characters').default(fallback);
const flag = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

export const gatewayEnvironment = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    LOG_LEVEL: logLevelSchema,
    PORT: portSchema.default(4000),
    HOST: z.string().default('0.0.0.0'),
    SUPERGRAPH_FILE: z
      .string()
      .default(fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url))),
    // City networks are closed: Apollo's usage telemetry stays off unless explicitly turned on.
    APOLLO_TELEMETRY_DISABLED: z.enum(['0', '1', 'true', 'false']).default('1'),
    SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    JWT_SECRET: secret(DEVELOPMENT_JWT_SECRET),
    JWT_PUBLIC_KEY: z
      .string()
      .includes('BEGIN PUBLIC KEY', { message: 'must be a PEM public key' })
      .optional(),
    HUB_INTERNAL_SECRET: secret(DEVELOPMENT_INTERNAL_SECRET),
    GATEWAY_DATABASE_URL: postgresUrlSchema.optional(),
    DATABASE_URL: postgresUrlSchema.optional(),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// URL')
      .optional(),
    CORS_ORIGINS: z
      .string()
      .default('http://localhost:4000')
      .transform((value) =>
        value
          .split(',')
          .map((origin) => origin.trim())
          .filter(Boolean),
      ),
    INTROSPECTION: flag.optional(),
    // Apollo's automatic persisted queries register any document any client sends: development only.
    AUTOMATIC_PERSISTED_QUERIES: flag.optional(),
    MAX_BODY_BYTES: z.coerce.number().int().min(1_000).max(10_000_000).default(100_000),
    MAX_DEPTH: z.coerce.number().int().min(2).max(50).default(12),
    MAX_ALIASES: z.coerce.number().int().min(1).max(500).default(30),
    MAX_TOKENS: z.coerce.number().int().min(100).max(100_000).default(4_000),
    MAX_COST: z.coerce.number().int().min(100).max(10_000_000).default(100_000),
    RATE_LIMIT_USER_PER_MINUTE: z.coerce.number().int().min(1).default(3_000),
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: z.coerce.number().int().min(1).default(120),
    EXPLORER_AUTHORIZATION: z.string().optional(),
    ...subgraphUrlVariables,
  })
  .refine(
    (env) =>
      env.NODE_ENV !== 'production' ||
      env.JWT_SECRET !== DEVELOPMENT_JWT_SECRET ||
      env.JWT_PUBLIC_KEY,
    { message: 'set your own JWT_SECRET (or JWT_PUBLIC_KEY) in production', path: ['JWT_SECRET'] },
  )
  .refine((env) => env.NODE_ENV !== 'production' || !env.AUTOMATIC_PERSISTED_QUERIES, {
    message: 'automatic persisted queries would let any client register documents in production',
    path: ['AUTOMATIC_PERSISTED_QUERIES'],
  })
  .refine(
    (env) =>
      env.NODE_ENV !== 'production' || env.HUB_INTERNAL_SECRET !== DEVELOPMENT_INTERNAL_SECRET,
    { message: 'set your own secret in production', path: ['HUB_INTERNAL_SECRET'] },
  );

export type GatewayConfig = z.infer<typeof gatewayEnvironment>;

export function subgraphUrls(config: GatewayConfig): Map<string, string> {
  const values = config as Record<string, unknown>;
  return new Map(
    SUBGRAPHS.map((entry) => [entry.name, String(values[`${entry.name.toUpperCase()}_URL`])]),
  );
}
