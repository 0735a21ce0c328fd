import { createPublicKey, randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  Outbox,
  createDatabase,
  createLogger,
  derivedIdentityKey,
  ensureDatabaseExists,
  hubEvent,
  parseConfig,
  portSchema,
  postgresUrlSchema,
  startSubgraph,
  type EventBusSettings,
  type HubEvent,
  type RunningSubgraph,
} from '@cityhub/kit';
import { createEventsSubgraph, DEFAULT_WEBHOOK_SETTINGS } from '@cityhub/events';
import { loadSubgraphModules, migrateAndSeed, openHubDatabase } from '@cityhub/launcher';
import { SUBGRAPHS } from '@cityhub/schema';
import pg from 'pg';
import { z } from 'zod';
import { REPOSITORY_ROOT } from './bench-config.js';

/**
 * `npm run bench:events`: 10,000 risk-level changes committed to the risk department's outbox,
 * as risk runs of 1,000 communities each, back to back, and received by a webhook receiver on
 * loopback, through the real relay, bus, event log, fan-out and signed deliveries. Reports events
 * a second from the first commit to the last delivery, and the latency of each event from its
 * commit to its webhook (p50, p99), for the embedded PostgreSQL bus and, with NATS_URL, for NATS.
 */
const config = parseConfig(
  z.object({
    DATABASE_URL: postgresUrlSchema.optional(),
    NATS_URL: z.string().optional(),
    BENCH_POSTGRES_DIR: z.string().default(`${REPOSITORY_ROOT}.data/bench-postgres`),
    BENCH_POSTGRES_PORT: portSchema.default(54331),
    BENCH_EVENTS: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
    BENCH_EVENTS_PER_COMMIT: z.coerce.number().int().min(1).max(10_000).default(1_000),
  }),
);
const log = (line: string) => process.stderr.write(`${line}\n`);
const logger = createLogger('bench-events', 'warn');

interface Result {
  transport: string;
  events: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  duplicates: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function measure(
  transport: string,
  serverUrl: string,
  bus: Omit<EventBusSettings, 'databaseUrl'>,
): Promise<Result> {
  const url = new URL(serverUrl);
  const name = `cityhub_bench_events_${randomBytes(4).toString('hex')}`;
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  await ensureDatabaseExists(databaseUrl);
  const running: RunningSubgraph[] = [];
  const receiver = createServer();
  try {
    const modules = await loadSubgraphModules(
      SUBGRAPHS.filter((entry) => ['audit', 'risk', 'events'].includes(entry.name)),
    );
    await migrateAndSeed({
      modules,
      databaseUrlOf: () => databaseUrl,
      hubDatabaseUrl: databaseUrl,
      personIdKey: 'city-data-hub-development-person-key',
      logger,
    });
    const committedAt = new Map<string, number>();
    const latencies: number[] = [];
    const seen = new Set<string>();
    let duplicates = 0;
    let lastReceived = 0;
    receiver.on('request', (req, res) => {
      const id = String(req.headers['webhook-id']);
      req.resume();
      req.on('end', () => {
        const now = performance.now();
        if (seen.has(id)) duplicates++;
        else {
          seen.add(id);
          latencies.push(now - committedAt.get(id)!);
          lastReceived = now;
        }
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

    const events = { ...bus, databaseUrl };
    for (const { subgraph } of modules.filter(({ entry }) => entry.name !== 'audit')) {
      const definition =
        subgraph.name === 'events'
          ? createEventsSubgraph(() => ({ ...DEFAULT_WEBHOOK_SETTINGS, concurrency: 256 }))
          : subgraph;
      running.push(
        await startSubgraph(definition as never, {
          databaseUrl,
          port: 0,
          logger,
          personIdKey: 'city-data-hub-development-person-key',
          // The bench sends no GraphQL request: a key of its own, which signs nothing here.
          identityPublicKeys: [createPublicKey(derivedIdentityKey('bench-events-identity-key'))],
          auditDatabaseUrl: databaseUrl,
          events,
        }),
      );
    }
    const eventsDb = createDatabase({ url: databaseUrl, schema: 'events' });
    await eventsDb('webhook_subscriptions').insert({
      id: randomUUID(),
      owner_kind: 'integrator',
      owner_id: 'bench',
      owner_scopes: ['risk:read'],
      url: receiverUrl,
      secret: `whsec_${randomBytes(24).toString('base64')}`,
      event_types: ['risk.level_changed'],
    });
    await eventsDb.destroy();

    const riskDb = createDatabase({ url: databaseUrl, schema: 'risk' });
    const outbox = new Outbox('risk');
    const started = performance.now();
    for (let from = 0; from < config.BENCH_EVENTS; from += config.BENCH_EVENTS_PER_COMMIT) {
      const batch: HubEvent[] = [];
      for (
        let i = from;
        i < Math.min(from + config.BENCH_EVENTS_PER_COMMIT, config.BENCH_EVENTS);
        i++
      )
        batch.push(
          hubEvent(
            'risk.level_changed',
            { streetCode: '310104003', communityCode: `310104003${String(i).padStart(6, '0')}` },
            {
              communityCode: `310104003${String(i).padStart(6, '0')}`,
              from: 'BLUE',
              to: 'RED',
              score: 60 + (i % 40),
              runId: Math.floor(i / config.BENCH_EVENTS_PER_COMMIT) + 1,
              date: '2026-11-29',
            },
          ),
        );
      await riskDb.transaction((trx) => outbox.add(trx, ...batch));
      const now = performance.now();
      for (const event of batch) committedAt.set(event.id, now);
    }
    await riskDb.destroy();
    const deadline = Date.now() + 600_000;
    while (seen.size < config.BENCH_EVENTS && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    if (seen.size < config.BENCH_EVENTS)
      throw new Error(`only ${seen.size} of ${config.BENCH_EVENTS} events arrived in 10 minutes`);
    latencies.sort((a, b) => a - b);
    const seconds = (lastReceived - started) / 1000;
    return {
      transport,
      events: seen.size,
      seconds,
      perSecond: seen.size / seconds,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: latencies.at(-1)!,
      duplicates,
    };
  } finally {
    for (const subgraph of running.reverse()) await subgraph.stop();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
    const admin = new URL(serverUrl);
    admin.pathname = '/postgres';
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.end();
  }
}

const database = await openHubDatabase({
  databaseUrl: config.DATABASE_URL,
  embeddedDir: config.BENCH_POSTGRES_DIR,
  embeddedPort: config.BENCH_POSTGRES_PORT,
  databaseName: 'postgres',
  logger,
});
const results: Result[] = [];
try {
  log(`${config.BENCH_EVENTS} risk-level changes, ${config.BENCH_EVENTS_PER_COMMIT} per commit`);
  results.push(
    await measure('embedded PostgreSQL (event log + LISTEN/NOTIFY)', database.url, {
      pollMs: 2_000,
    }),
  );
  if (config.NATS_URL)
    results.push(
      await measure('NATS JetStream', database.url, {
        natsUrl: config.NATS_URL,
        natsPrefix: `bench${randomBytes(3).toString('hex')}`,
        pollMs: 2_000,
      }),
    );
} finally {
  await database.stop();
}
const lines = [
  '| transport | events | seconds | events/s | p50 commit→webhook | p99 | max | duplicates |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...results.map(
    (r) =>
      `| ${r.transport} | ${r.events.toLocaleString('en')} | ${r.seconds.toFixed(2)} | ${Math.round(r.perSecond).toLocaleString('en')} | ${Math.round(r.p50)} ms | ${Math.round(r.p99)} ms | ${Math.round(r.max)} ms | ${r.duplicates} |`,
  ),
];
process.stdout.write(`${lines.join('\n')}\n`);
process.exit(0);
