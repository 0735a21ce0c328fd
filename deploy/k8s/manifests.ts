import { SUBGRAPHS } from '@cityhub/schema';
import { SIZES, TARGET_CPU_PERCENT, type PodSize } from './sizing.js';

/**
 * The hub's topology on Kubernetes, generated from the subgraph registry (so that a new department
 * gets its Deployment, Service and autoscaler with no copy): the gateway and every department as
 * stateless replicas behind a Service (which sends traffic only to ready pods), with their probes
 * on /health/ready and /health/live, requests from the bench, and a HorizontalPodAutoscaler.
 * PostgreSQL (primary and streaming standby), Redis and NATS are the city's managed engines,
 * named here by ExternalName Services (for example a CloudNativePG cluster and the NATS chart).
 */
export const NAMESPACE = 'cityhub';
const IMAGE = 'cityhub/hub:0.1.0';
const CONFIG = 'cityhub-config';
/**
 * Created by the operator, never committed: JWT_SECRET, PERSON_ID_KEY, the identity keys, and the
 * database URLs with their passwords (a Secret's keys win over the ConfigMap's, listed first).
 */
const SECRETS = 'cityhub-secrets';

type Manifest = Record<string, unknown> & { apiVersion: string; kind: string };

const metadata = (name: string) => ({
  name,
  namespace: NAMESPACE,
  labels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': 'cityhub' },
});

function probes(port: number) {
  const get = (path: string) => ({ httpGet: { path, port } });
  return {
    // Not ready while draining, or while its database or audit log is down: traffic moves away.
    readinessProbe: { ...get('/health/ready'), periodSeconds: 5, failureThreshold: 2 },
    livenessProbe: { ...get('/health/live'), periodSeconds: 10, failureThreshold: 3 },
    startupProbe: { ...get('/health/live'), periodSeconds: 2, failureThreshold: 60 },
  };
}

/** A Deployment, its Service, a disruption budget and an autoscaler for one service. */
function statelessService(
  name: string,
  port: number,
  entry: string,
  env: Record<string, string>,
  size: PodSize,
): Manifest[] {
  const selector = { 'app.kubernetes.io/name': name };
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: metadata(name),
      spec: {
        replicas: size.minReplicas,
        selector: { matchLabels: selector },
        strategy: { rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
        template: {
          metadata: { labels: { ...selector, 'app.kubernetes.io/part-of': 'cityhub' } },
          spec: {
            // The kit drains in-flight requests and flushes the audit log on SIGTERM.
            terminationGracePeriodSeconds: 30,
            containers: [
              {
                name,
                image: IMAGE,
                command: ['node', entry],
                ports: [{ name: 'http', containerPort: port }],
                env: Object.entries(env).map(([key, value]) => ({ name: key, value })),
                envFrom: [{ configMapRef: { name: CONFIG } }, { secretRef: { name: SECRETS } }],
                resources: {
                  requests: { cpu: size.cpu, memory: size.memory },
                  limits: { memory: size.memoryLimit },
                },
                ...probes(port),
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: metadata(name),
      spec: { selector, ports: [{ name: 'http', port, targetPort: port }] },
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: metadata(name),
      spec: { minAvailable: 1, selector: { matchLabels: selector } },
    },
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: metadata(name),
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
        minReplicas: size.minReplicas,
        maxReplicas: size.maxReplicas,
        metrics: [
          {
            type: 'Resource',
            resource: {
              name: 'cpu',
              target: { type: 'Utilization', averageUtilization: TARGET_CPU_PERCENT },
            },
          },
        ],
      },
    },
  ];
}

const engine = (name: string, externalName: string): Manifest => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: metadata(name),
  spec: { type: 'ExternalName', externalName },
});

const PRIMARY = 'postgres://cityhub@postgres-primary:5432/cityhub';

export function hubManifests(): Manifest[] {
  const serviceUrl = (name: string, port: number) => `http://${name}:${port}/graphql`;
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: metadata(CONFIG),
      data: {
        NODE_ENV: 'production',
        HOST: '0.0.0.0',
        DATABASE_URL: PRIMARY,
        AUDIT_DATABASE_URL: PRIMARY,
        EVENTS_DATABASE_URL: PRIMARY,
        // Lag-tolerant reads (population) from the streaming standby.
        DATABASE_READ_URL: 'postgres://cityhub@postgres-replica:5432/cityhub',
        REDIS_URL: 'redis://redis:6379',
        NATS_URL: 'nats://nats:4222',
        GATEWAY_URL: serviceUrl('gateway', 4000),
        ...Object.fromEntries(
          SUBGRAPHS.map(({ name, port }) => [`${name.toUpperCase()}_URL`, serviceUrl(name, port)]),
        ),
      },
    },
    engine('postgres-primary', 'postgres-primary.databases.svc.cluster.local'),
    engine('postgres-replica', 'postgres-replica.databases.svc.cluster.local'),
    engine('redis', 'redis.databases.svc.cluster.local'),
    engine('nats', 'nats.messaging.svc.cluster.local'),
    ...statelessService('gateway', 4000, 'gateway/dist/main.js', { PORT: '4000' }, SIZES.gateway!),
    ...SUBGRAPHS.flatMap(({ name, port }) =>
      statelessService(
        name,
        port,
        `subgraphs/${name}/dist/main.js`,
        { [`${name.toUpperCase()}_PORT`]: String(port) },
        SIZES[name] ?? SIZES.department!,
      ),
    ),
  ];
}
