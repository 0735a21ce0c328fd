import { mkdirSync, rmSync } from 'node:fs';
import { waitUntilHealthy } from '@cityhub/kit';
import { startHaproxy, startPostgresPair, startRedisAndNats, stopPostgresPair } from './engines.js';
import { createNetwork, networkExists, removeNetwork } from './network.js';
import { recordedProcesses, stopProcess } from './processes.js';
import { seedPrimary, startGateways, startSubgraphs, waitForServices } from './services.js';
import { LOAD_BALANCER, STATE_DIR } from './topology.js';

export interface ClusterOptions {
  /** The synthetic city's preset seeded on the primary (`test`: 3,000 residents, seconds to load). */
  preset?: string;
  say?: (line: string) => void;
}

/**
 * Brings the whole topology up on this machine: network, PostgreSQL primary and standby, Redis,
 * NATS, every department (population twice), two gateways, and HAProxy in front. Needs root.
 */
export async function clusterUp(options: ClusterOptions = {}): Promise<void> {
  const say = options.say ?? ((line) => process.stderr.write(`${line}\n`));
  if (networkExists()) await clusterDown(say);
  mkdirSync(STATE_DIR, { recursive: true });
  const step = async (what: string, work: () => unknown) => {
    const started = Date.now();
    await work();
    say(`cluster: ${what} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  };
  await step('network namespaces and veth pairs', createNetwork);
  await step('PostgreSQL primary and streaming standby', startPostgresPair);
  await step('Redis and NATS JetStream', startRedisAndNats);
  await step('migrations and demo data on the primary', () =>
    seedPrimary(options.preset ?? 'test'),
  );
  await step('departments (population ×2)', () => waitForServices(startSubgraphs()));
  await step('gateways ×2', () => waitForServices(startGateways()));
  await step('HAProxy', async () => {
    startHaproxy();
    if (!(await waitUntilHealthy(`${LOAD_BALANCER.gateway}/health/ready`, { timeoutMs: 20_000 })))
      throw new Error('HAProxy does not reach a ready gateway');
  });
  say(
    `cluster: up; GraphQL at ${LOAD_BALANCER.gateway}/graphql, HAProxy stats at ${LOAD_BALANCER.stats}`,
  );
}

/** Stops every process the cluster started (by its recorded id), the databases, then the network. */
export async function clusterDown(say: (line: string) => void = () => {}): Promise<void> {
  await Promise.all(recordedProcesses().map((name) => stopProcess(name)));
  stopPostgresPair();
  removeNetwork();
  rmSync(STATE_DIR, { recursive: true, force: true });
  say('cluster: down');
}
