import { fileURLToPath } from 'node:url';
import { logLevelSchema, portSchema } from '@cityhub/kit';
import { SUBGRAPHS, defaultSubgraphUrl } from '@cityhub/schema';
import { z } from 'zod';

const subgraphUrlVariables = Object.fromEntries(
  SUBGRAPHS.map((entry) => [`${entry.name.toUpperCase()}_URL`, z.string().url().default(defaultSubgraphUrl(entry))]),
);

export const gatewayEnvironment = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: logLevelSchema,
  PORT: portSchema.default(4000),
  HOST: z.string().default('0.0.0.0'),
  SUPERGRAPH_FILE: z.string().default(fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url))),
  // City networks are closed: Apollo's usage telemetry stays off unless explicitly turned on.
  APOLLO_TELEMETRY_DISABLED: z.enum(['0', '1', 'true', 'false']).default('1'),
  SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  ...subgraphUrlVariables,
});

export type GatewayConfig = z.infer<typeof gatewayEnvironment>;

export function subgraphUrls(config: GatewayConfig): Map<string, string> {
  const values = config as Record<string, unknown>;
  return new Map(SUBGRAPHS.map((entry) => [entry.name, String(values[`${entry.name.toUpperCase()}_URL`])]));
}
