import { SUBGRAPHS } from '@cityhub/schema';

/**
 * The simulated hosts: each a network namespace with one veth into a bridge on this machine, so
 * that every service is reached over a network address, as on separate machines, and a killed
 * replica is a host that stops answering.
 */
export const BRIDGE = { name: 'chub0', address: '10.77.0.1' } as const;
export const SUBNET_BITS = 24;

export const HOSTS = {
  lb: '10.77.0.10',
  pgPrimary: '10.77.0.11',
  pgReplica: '10.77.0.12',
  redis: '10.77.0.13',
  nats: '10.77.0.14',
  gateway1: '10.77.0.21',
  gateway2: '10.77.0.22',
  population1: '10.77.0.31',
  population2: '10.77.0.32',
  departments: '10.77.0.40',
} as const;
export type HostName = keyof typeof HOSTS;

/** Namespace names are short (veth names are limited to 15 characters). */
export const namespaceOf = (host: HostName) => `chub-${host.slice(0, 4)}${host.replace(/\D/g, '')}`;

/** The replicated services behind HAProxy; every other department runs once on `departments`. */
export const GATEWAY_REPLICAS: HostName[] = ['gateway1', 'gateway2'];
export const POPULATION_REPLICAS: HostName[] = ['population1', 'population2'];
export const GATEWAY_PORT = 4000;
export const POPULATION_PORT = SUBGRAPHS.find((entry) => entry.name === 'population')!.port;
export const LOAD_BALANCER = {
  gateway: `http://${HOSTS.lb}:${GATEWAY_PORT}`,
  population: `http://${HOSTS.lb}:${POPULATION_PORT}`,
  stats: `http://${HOSTS.lb}:8404/stats`,
};
export const DATABASE_NAME = 'cityhub';
export const primaryUrl = (user = 'postgres') =>
  `postgres://${user}@${HOSTS.pgPrimary}:5432/${DATABASE_NAME}`;
export const replicaUrl = (user = 'postgres') =>
  `postgres://${user}@${HOSTS.pgReplica}:5432/${DATABASE_NAME}`;
export const REDIS_URL = `redis://${HOSTS.redis}:6379`;
export const NATS_URL = `nats://${HOSTS.nats}:4222`;

/** Where the cluster keeps its data directories, logs and process ids. */
export const STATE_DIR = process.env.CITYHUB_CLUSTER_DIR ?? '/tmp/cityhub-cluster';
export const REPOSITORY_ROOT = new URL('../../', import.meta.url).pathname;
