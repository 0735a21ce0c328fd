import { execFileSync } from 'node:child_process';
import { waitUntilHealthy } from '@cityhub/kit';
import { SUBGRAPHS } from '@cityhub/schema';
import { startOnHost } from './processes.js';
import {
  GATEWAY_PORT,
  GATEWAY_REPLICAS,
  HOSTS,
  LOAD_BALANCER,
  NATS_URL,
  POPULATION_REPLICAS,
  REDIS_URL,
  REPOSITORY_ROOT,
  primaryUrl,
  replicaUrl,
  type HostName,
} from './topology.js';

/** As `npm start` runs the services: from TypeScript sources through tsx. */
const nodeFor = (entry: string) => [
  process.execPath,
  '--conditions=development',
  '--import',
  'tsx',
  `${REPOSITORY_ROOT}${entry}`,
];

/** What every service is told: the primary for writes and the audit, the simulated Redis and NATS. */
const SHARED_ENV = {
  HUB_ENV: 'development',
  NODE_ENV: 'development',
  LOG_LEVEL: process.env.CITYHUB_CLUSTER_LOG_LEVEL ?? 'warn',
  DATABASE_URL: primaryUrl(),
  AUDIT_DATABASE_URL: primaryUrl(),
  EVENTS_DATABASE_URL: primaryUrl(),
  NATS_URL,
  GATEWAY_URL: `${LOAD_BALANCER.gateway}/graphql`,
};

/** A department's replica: its name is `<department>` or `<department>-<host>` when replicated. */
export interface RunningService {
  name: string;
  host: HostName;
  healthUrl: string;
}

/** Migrations and demo data, once, on the primary (the standby receives them by streaming). */
export function seedPrimary(preset: string): void {
  execFileSync(
    process.execPath,
    ['--conditions=development', '--import', 'tsx', 'scripts/seed.ts'],
    {
      cwd: REPOSITORY_ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, ...SHARED_ENV, SEED_PRESET: preset, LOG_LEVEL: 'warn' },
    },
  );
}

function startSubgraph(department: string, port: number, host: HostName): RunningService {
  const prefix = department.toUpperCase();
  const name = POPULATION_REPLICAS.includes(host) ? host : department;
  startOnHost(name, host, nodeFor(`subgraphs/${department}/src/main.ts`), {
    ...SHARED_ENV,
    HOST: HOSTS[host],
    [`${prefix}_PORT`]: String(port),
    [`${prefix}_DATABASE_URL`]: primaryUrl(),
    // Lag-tolerant reads go to the streaming standby (the kit's opt-in read/write split).
    DATABASE_READ_URL: replicaUrl(),
  });
  return { name, host, healthUrl: `http://${HOSTS[host]}:${port}/health/ready` };
}

/** Every department once on `departments`, population once per replica host. */
export function startSubgraphs(): RunningService[] {
  return SUBGRAPHS.flatMap(({ name, port }) =>
    name === 'population'
      ? POPULATION_REPLICAS.map((host) => startSubgraph(name, port, host))
      : [startSubgraph(name, port, 'departments')],
  );
}

/** Where a gateway finds each department: population through the load balancer. */
function subgraphUrls(): Record<string, string> {
  return Object.fromEntries(
    SUBGRAPHS.map(({ name, port }) => [
      `${name.toUpperCase()}_URL`,
      name === 'population'
        ? `${LOAD_BALANCER.population}/graphql`
        : `http://${HOSTS.departments}:${port}/graphql`,
    ]),
  );
}

export function startGateways(): RunningService[] {
  return GATEWAY_REPLICAS.map((host) => {
    startOnHost(host, host, nodeFor('gateway/src/main.ts'), {
      ...SHARED_ENV,
      ...subgraphUrls(),
      HOST: HOSTS[host],
      PORT: String(GATEWAY_PORT),
      GATEWAY_DATABASE_URL: primaryUrl(),
      // Rate limits counted in Redis, shared by both replicas.
      REDIS_URL,
      // Users' own limit is out of the way of the load test; API keys keep theirs.
      RATE_LIMIT_USER_PER_MINUTE: process.env.CITYHUB_CLUSTER_USER_PER_MINUTE ?? '1000000',
      // The load balancer is the client the gateway sees; the address it forwards is believed.
      TRUSTED_PROXIES: HOSTS.lb,
    });
    // Live, not ready: a gateway is ready once it reaches population, which is behind HAProxy.
    return { name: host, host, healthUrl: `http://${HOSTS[host]}:${GATEWAY_PORT}/health/live` };
  });
}

// Generous: under a loaded CI machine (tests beside it) a gateway compiling its sources took over 120 s.
export async function waitForServices(services: RunningService[], timeoutMs = 300_000) {
  await Promise.all(
    services.map(async (service) => {
      if (!(await waitUntilHealthy(service.healthUrl, { timeoutMs, intervalMs: 300 })))
        throw new Error(`${service.name} not ready at ${service.healthUrl}; see its log`);
    }),
  );
}
