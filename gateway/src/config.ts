import { fileURLToPath } from 'node:url';
import {
  eventBusEnvironment,
  flagSchema,
  DEVELOPMENT_JWT_SECRET,
  DEVELOPMENT_KEY,
  SECRET_PURPOSES,
  SERVICE_IDENTITIES,
  environmentNames,
  fillDevelopmentSecrets,
  isDevelopmentEnvironment,
  logLevelSchema,
  portSchema,
  postgresUrlSchema,
  serviceKeyVariable,
} from '@cityhub/kit';
import { SUBGRAPHS, defaultSubgraphUrl } from '@cityhub/schema';
import { z } from 'zod';

const subgraphUrlVariables = Object.fromEntries(
  SUBGRAPHS.map((entry) => [
    `${entry.name.toUpperCase()}_URL`,
    z.string().url().default(defaultSubgraphUrl(entry)),
  ]),
);

const pem = (kind: 'PUBLIC KEY' | 'PRIVATE KEY') =>
  z.string().includes(`BEGIN ${kind}`, { message: `must be a PEM ${kind.toLowerCase()}` });
const servicePublicKeyVariables = Object.fromEntries(
  Object.keys(SERVICE_IDENTITIES).map((service) => [
    serviceKeyVariable(service, 'PUBLIC'),
    pem('PUBLIC KEY').optional(),
  ]),
);

export const gatewayEnvironment = z
  .object({
    ...environmentNames,
    LOG_LEVEL: logLevelSchema,
    PORT: portSchema.default(4000),
    HOST: z.string().default('0.0.0.0'),
    SUPERGRAPH_FILE: z
      .string()
      .default(fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url))),
    // City networks are closed: Apollo's usage telemetry stays off unless explicitly turned on.
    APOLLO_TELEMETRY_DISABLED: z.enum(['0', '1', 'true', 'false']).default('1'),
    SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    /** Keep-alive connections per subgraph, and requests sent on one before the first answer (1: no pipelining). */
    SUBGRAPH_CONNECTIONS: z.coerce.number().int().min(1).max(1_024).default(128),
    SUBGRAPH_PIPELINING: z.coerce.number().int().min(1).max(64).default(1),
    /** Operations planned as one fetch from one subgraph skip the full pipeline (fast-path/). */
    GATEWAY_FAST_PATH: flagSchema.default(true),
    /** Identities signed with node:crypto's one-shot Ed25519 rather than jose over WebCrypto. */
    IDENTITY_ONE_SHOT: flagSchema.default(true),
    JWT_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    JWT_PUBLIC_KEY: z
      .string()
      .includes('BEGIN PUBLIC KEY', { message: 'must be a PEM public key' })
      .optional(),
    /** The gateway's Ed25519 private key (PKCS#8 PEM): it alone signs identities for the subgraphs. */
    HUB_IDENTITY_PRIVATE_KEY: pem('PRIVATE KEY').optional(),
    ...servicePublicKeyVariables,
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
    INTROSPECTION: flagSchema.optional(),
    // Apollo's automatic persisted queries register any document any client sends: development only.
    AUTOMATIC_PERSISTED_QUERIES: flagSchema.optional(),
    MAX_BODY_BYTES: z.coerce.number().int().min(1_000).max(10_000_000).default(100_000),
    MAX_DEPTH: z.coerce.number().int().min(2).max(50).default(12),
    MAX_ALIASES: z.coerce.number().int().min(1).max(500).default(30),
    MAX_TOKENS: z.coerce.number().int().min(100).max(100_000).default(4_000),
    MAX_COST: z.coerce.number().int().min(100).max(10_000_000).default(100_000),
    RATE_LIMIT_USER_PER_MINUTE: z.coerce.number().int().min(1).default(3_000),
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: z.coerce.number().int().min(1).default(120),
    RATE_LIMIT_FAILED_CREDENTIALS_PER_MINUTE: z.coerce.number().int().min(1).default(30),
    /** Reverse proxies whose X-Forwarded-For is believed, comma-separated addresses. */
    TRUSTED_PROXIES: z
      .string()
      .default('')
      .transform((value) =>
        value
          .split(',')
          .map((address) => address.trim())
          .filter(Boolean),
      ),
    /** Bearer token of the metrics scraper; without it /metrics answers loopback callers only. */
    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    EXPLORER_AUTHORIZATION: z.string().optional(),
    /** How long an answer shared by rights is kept (and may be kept by clients); 0 keeps none. */
    RESPONSE_CACHE_TTL_SECONDS: z.coerce.number().int().min(0).max(3_600).default(30),
    /** Bound of the in-memory response cache (without REDIS_URL), in megabytes. */
    RESPONSE_CACHE_MAX_MB: z.coerce.number().int().min(1).max(10_000).default(50),
    RESPONSE_CACHE_REDIS_PREFIX: z.string().min(1).default('cityhub:response-cache:'),
    // Hub events make cached answers stale; without NATS_URL nor a database, only the TTL does.
    ...eventBusEnvironment,
    /** Asynchronous CSV exports (POST /exports), queued with pg-boss on the gateway's database. */
    EXPORT_JOBS: flagSchema.default(true),
    /** How long a finished export's file and its download link live. */
    EXPORT_LINK_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(10)
      .max(7 * 24 * 3600)
      .default(3600),
    /** When the scheduled pass removes expired exports (cron, by the minute). */
    EXPORT_CLEANUP_CRON: z.string().default('*/5 * * * *'),
    ...subgraphUrlVariables,
  })
  .transform((env, context) => {
    const development = isDevelopmentEnvironment(env);
    if (env.AUTOMATIC_PERSISTED_QUERIES && !development)
      context.addIssue({
        code: 'custom',
        path: ['AUTOMATIC_PERSISTED_QUERIES'],
        message: 'automatic persisted queries would let any client register documents',
      });
    if (env.EXPLORER_AUTHORIZATION && !development)
      context.addIssue({
        code: 'custom',
        path: ['EXPLORER_AUTHORIZATION'],
        message: 'the explorer page embeds a token only in development',
      });
    // A machine caller whose public key is not set outside development simply cannot sign in.
    const serviceKeys = development
      ? Object.fromEntries(
          Object.keys(SERVICE_IDENTITIES).map((service) => [
            serviceKeyVariable(service, 'PUBLIC'),
            DEVELOPMENT_KEY,
          ]),
        )
      : {};
    return fillDevelopmentSecrets(
      env,
      context,
      {
        // With JWT_PUBLIC_KEY the gateway verifies tokens of an identity provider and needs no secret.
        ...(env.JWT_PUBLIC_KEY ? {} : { JWT_SECRET: DEVELOPMENT_JWT_SECRET }),
        HUB_IDENTITY_PRIVATE_KEY: DEVELOPMENT_KEY,
        ...serviceKeys,
      },
      SECRET_PURPOSES,
    );
  });

export type GatewayConfig = z.infer<typeof gatewayEnvironment> & {
  HUB_IDENTITY_PRIVATE_KEY: string;
};

export function subgraphUrls(config: GatewayConfig): Map<string, string> {
  const values = config as Record<string, unknown>;
  return new Map(
    SUBGRAPHS.map((entry) => [entry.name, String(values[`${entry.name.toUpperCase()}_URL`])]),
  );
}
