import { randomBytes } from 'node:crypto';
import {
  createDatabase,
  createLogger,
  feedSubject,
  flagSchema,
  parseConfig,
  portSchema,
  postgresUrlSchema,
} from '@cityhub/kit';
import { HEALTH_CODE_FEED } from '@cityhub/population';
import { syntheticCity } from '@cityhub/synthetic-city';
import { connect } from 'nats';
import { z } from 'zod';
import { REPOSITORY_ROOT } from './bench-config.js';
import { withBenchDatabase } from './bench-database.js';
import { runFeedConsumer, startFeedConsumer } from './feed-consumer.js';
import { healthCodeChanges, publishPaced } from './feed-publisher.js';
import { runPublisherAlone } from './feed-publisher-alone.js';
import {
  consumerLines,
  feedOutcome,
  machineLine,
  publisherLines,
  writeFeedReport,
} from './feed-report.js';

/**
 * `npm run bench:feed`: the health commission publishing 10,000 colour changes a second on NATS
 * JetStream for a minute (each with its own source id), absorbed by the population department's
 * feed — in a process of its own, as the department runs — into a fresh database. Reports the
 * publisher's own rate and CPU, published and recorded (by source id) counts, the backlog over
 * time, the drain after the last publish, and whether residents and boards ended at their latest
 * colours. `BENCH_FEED_PUBLISH_ONLY=1` measures the publisher alone (no database, no consumer).
 */
const config = parseConfig(
  z.object({
    DATABASE_URL: postgresUrlSchema.optional(),
    NATS_URL: z.string().default('nats://127.0.0.1:4222'),
    BENCH_POSTGRES_DIR: z.string().default(`${REPOSITORY_ROOT}.data/bench-postgres`),
    BENCH_POSTGRES_PORT: portSchema.default(54331),
    BENCH_RESULTS_DIR: z.string().default(`${REPOSITORY_ROOT}bench/results`),
    BENCH_FEED_RATE: z.coerce.number().int().min(100).max(100_000).default(10_000),
    BENCH_FEED_SECONDS: z.coerce.number().int().min(1).max(600).default(60),
    BENCH_FEED_BATCH: z.coerce.number().int().min(10).max(20_000).default(5_000),
    /**
     * Changes a message carries (a JSON array; the feed takes either): 10 lets one publisher offer
     * 10,000 a second on two loaded cores; 1 is one a message, bound by the server's acks there.
     */
    BENCH_FEED_PER_MESSAGE: z.coerce.number().int().min(1).max(1_000).default(10),
    /** Publishes awaiting their ack at most. */
    BENCH_FEED_WINDOW: z.coerce.number().int().min(1).max(100_000).default(2_000),
    BENCH_FEED_PUBLISH_ONLY: flagSchema.default(false),
    /** Set for the consumer process the bench starts. */
    BENCH_FEED_CONSUMER_PREFIX: z.string().optional(),
  }),
);
const log = (line: string) => process.stderr.write(`${line}\n`);
const logger = createLogger('bench-feed', 'warn');
const personIdKey = 'city-data-hub-development-person-key';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const total = config.BENCH_FEED_RATE * config.BENCH_FEED_SECONDS;
const pacing = {
  rate: config.BENCH_FEED_RATE,
  seconds: config.BENCH_FEED_SECONDS,
  perMessage: config.BENCH_FEED_PER_MESSAGE,
  window: config.BENCH_FEED_WINDOW,
};
const settings = `BENCH_FEED_RATE=${config.BENCH_FEED_RATE}, BENCH_FEED_SECONDS=${config.BENCH_FEED_SECONDS}, BENCH_FEED_PER_MESSAGE=${config.BENCH_FEED_PER_MESSAGE}, BENCH_FEED_WINDOW=${config.BENCH_FEED_WINDOW}`;

if (config.BENCH_FEED_CONSUMER_PREFIX)
  await runFeedConsumer({
    databaseUrl: config.DATABASE_URL!,
    natsUrl: config.NATS_URL,
    prefix: config.BENCH_FEED_CONSUMER_PREFIX,
    batchSize: config.BENCH_FEED_BATCH,
    personIdKey,
    logger,
  });
else if (config.BENCH_FEED_PUBLISH_ONLY)
  await runPublisherAlone({
    natsUrl: config.NATS_URL,
    pacing,
    resultsDir: config.BENCH_RESULTS_DIR,
    settings,
  });
else await runBench();

async function runBench() {
  const prefix = `bench${randomBytes(3).toString('hex')}`;
  const lines: string[] = [`Machine: ${machineLine()} at the start.`, ''];
  await withBenchDatabase(
    {
      databaseUrl: config.DATABASE_URL,
      embeddedDir: config.BENCH_POSTGRES_DIR,
      embeddedPort: config.BENCH_POSTGRES_PORT,
      label: 'feed',
      subgraphs: ['population'],
      city: syntheticCity('test'),
      personIdKey,
      logger,
    },
    async (databaseUrl) => {
      const db = createDatabase({ url: databaseUrl, schema: 'population', poolMax: 2 });
      const idNumbers = (await db('residents').orderBy('id_number').pluck('id_number')) as string[];
      const consumer = await startFeedConsumer(databaseUrl, prefix);
      const connection = await connect({ servers: config.NATS_URL, maxReconnectAttempts: -1 });
      const { stream, subject } = feedSubject(HEALTH_CODE_FEED, prefix);
      const { changeAt, message } = healthCodeChanges(prefix, idNumbers, total, pacing.perMessage);
      const countRecorded = async () =>
        Number(
          (
            await db('health_code_changes')
              .where('source_id', 'like', `${prefix}-%`)
              .count({ total: '*' })
          )[0]?.total ?? 0,
        );
      // Samples at the real time they were taken: on a loaded machine a count may take seconds.
      const samples: Array<{ at: number; recorded: number }> = [];
      const started = performance.now();
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          await sleep(1_000);
          // A sample the loaded machine could not take in time is left out, not fatal.
          const recorded = await countRecorded().catch(() => null);
          if (recorded === null) continue;
          samples.push({ at: (performance.now() - started) / 1000, recorded });
          if (samples.length % 10 === 0)
            log(`${samples.at(-1)!.at.toFixed(0)} s: recorded ${recorded}`);
        }
      })();
      const published = await publishPaced({
        js: connection.jetstream(),
        subject,
        message,
        ...pacing,
      });
      let recorded = 0;
      const deadline = performance.now() + 900_000;
      while (recorded < total && performance.now() < deadline) {
        recorded = await countRecorded().catch(() => recorded);
        if (recorded < total) await sleep(250);
      }
      const absorbSeconds = (performance.now() - started) / 1000;
      sampling = false;
      await sampler;
      consumer.kill('SIGTERM');
      await new Promise((resolve) => consumer.once('exit', resolve));
      const jsm = await connection.jetstreamManager();
      const storedInStream = (await jsm.streams.info(stream)).state.messages;
      // Each resident's expected colour: that of the last change published for them.
      const expected = new Map<string, string>();
      for (let i = Math.max(0, total - idNumbers.length); i < total; i++)
        expected.set(changeAt(i).idNumber, changeAt(i).color);
      const outcome = await feedOutcome(db, expected);
      await jsm.streams.delete(stream);
      await connection.close();
      await db.destroy();
      lines.push(
        `Machine: ${machineLine()} at the end. ${idNumbers.length} residents; the consumer in a process of its own (batches of ${config.BENCH_FEED_BATCH}).`,
        '',
        '**The publisher**',
        '',
        ...publisherLines(published, config.BENCH_FEED_WINDOW),
        '',
        '**The consumer**',
        '',
        ...consumerLines({
          published: total,
          stored: storedInStream,
          recorded,
          absorbSeconds,
          publishSeconds: published.seconds,
          samples,
          ...outcome,
        }),
        '',
        `Recorded (seconds since the start: count): ${samples
          .filter((_, k) => k % Math.ceil(samples.length / 40) === 0 || k === samples.length - 1)
          .map((s) => `${s.at.toFixed(0)}s ${s.recorded}`)
          .join(' · ')}`,
      );
    },
  );
  writeFeedReport(
    config.BENCH_RESULTS_DIR,
    `npm run bench:feed — ${new Date().toISOString().slice(0, 16)}Z (${settings})`,
    lines,
  );
  process.exit(0);
}
