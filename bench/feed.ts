import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  consumeFeedFromNats,
  createDatabase,
  createLogger,
  feedSubject,
  parseConfig,
  portSchema,
  postgresUrlSchema,
} from '@cityhub/kit';
import { HEALTH_CODE_FEED, healthCodeIntake } from '@cityhub/population';
import { syntheticCity } from '@cityhub/synthetic-city';
import { connect } from 'nats';
import { z } from 'zod';
import { REPOSITORY_ROOT } from './bench-config.js';
import { withBenchDatabase } from './bench-database.js';

/**
 * `npm run bench:feed`: the health commission publishing 10,000 colour changes a second on NATS
 * JetStream for a minute (one change a message, each with its own source id), absorbed by the
 * population department's feed — in a process of its own, as the department runs — into a fresh
 * database. Reports published and recorded (by source id) counts, the backlog over time, the
 * drain after the last publish, and whether residents and boards ended at their latest colours.
 */
const config = parseConfig(
  z.object({
    DATABASE_URL: postgresUrlSchema.optional(),
    NATS_URL: z.string().default('nats://127.0.0.1:4222'),
    BENCH_POSTGRES_DIR: z.string().default(`${REPOSITORY_ROOT}.data/bench-postgres`),
    BENCH_POSTGRES_PORT: portSchema.default(54331),
    BENCH_FEED_RATE: z.coerce.number().int().min(100).max(100_000).default(10_000),
    BENCH_FEED_SECONDS: z.coerce.number().int().min(1).max(600).default(60),
    BENCH_FEED_BATCH: z.coerce.number().int().min(10).max(20_000).default(5_000),
    /** Set for the consumer process the bench starts. */
    BENCH_FEED_CONSUMER_PREFIX: z.string().optional(),
  }),
);
const log = (line: string) => process.stderr.write(`${line}\n`);
const logger = createLogger('bench-feed', 'warn');
const personIdKey = 'city-data-hub-development-person-key';
const COLORS = ['GREEN', 'YELLOW', 'RED'];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

if (config.BENCH_FEED_CONSUMER_PREFIX) await runConsumer(config.BENCH_FEED_CONSUMER_PREFIX);
else await runBench();

/** The department's side: the feed consumer until the bench ends it. */
async function runConsumer(prefix: string) {
  const db = createDatabase({ url: config.DATABASE_URL!, schema: 'population', poolMax: 4 });
  const consumer = await consumeFeedFromNats(healthCodeIntake(db, personIdKey, logger), {
    url: config.NATS_URL,
    prefix,
    logger,
    batchSize: config.BENCH_FEED_BATCH,
  });
  process.stdout.write('ready\n');
  process.once('SIGTERM', () => {
    void consumer
      .stop()
      .then(() => db.destroy())
      .then(() => process.exit(0));
  });
}

function startConsumer(databaseUrl: string, prefix: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!], {
    env: { ...process.env, DATABASE_URL: databaseUrl, BENCH_FEED_CONSUMER_PREFIX: prefix },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the consumer ended (${code})`)));
    child.stdout!.once('data', () => resolve(child));
  });
}

async function runBench() {
  const prefix = `bench${randomBytes(3).toString('hex')}`;
  const lines: string[] = [];
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
      const consumer = await startConsumer(databaseUrl, prefix);
      const connection = await connect({ servers: config.NATS_URL, maxReconnectAttempts: -1 });
      const js = connection.jetstream();
      const { stream, subject } = feedSubject(HEALTH_CODE_FEED, prefix);
      const total = config.BENCH_FEED_RATE * config.BENCH_FEED_SECONDS;
      const base = Date.now();
      const changeAt = (i: number) => ({
        sourceId: `${prefix}-${i}`,
        idNumber: idNumbers[i % idNumbers.length],
        color: COLORS[(i * 7) % 3],
        // Later changes are later in time, so per resident the last one published wins.
        changedAt: new Date(base + Math.floor(i / 10)).toISOString(),
      });
      let retries = 0;
      // The source id as the message id: a publish retried after a timeout is stored once. A
      // failure waits a little, so a closed connection cannot spin the event loop.
      const publishUntilStored = async (i: number): Promise<void> => {
        const change = changeAt(i);
        for (let attempt = 1; ; attempt++) {
          try {
            await js.publish(subject, JSON.stringify(change), { msgID: change.sourceId });
            return;
          } catch {
            retries += 1;
            await sleep(Math.min(attempt * 100, 2_000));
          }
        }
      };
      const countRecorded = async () =>
        Number(
          (
            await db('health_code_changes')
              .where('source_id', 'like', `${prefix}-%`)
              .count({ total: '*' })
          )[0]?.total ?? 0,
        );
      let sent = 0;
      // Samples at the real time they were taken: on a loaded machine a count may take seconds.
      const samples: Array<{ at: number; published: number; recorded: number }> = [];
      const started = performance.now();
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          await sleep(1_000);
          const published = sent;
          // A sample the loaded machine could not take in time is left out, not fatal.
          const recorded = await countRecorded().catch(() => null);
          if (recorded === null) continue;
          const at = (performance.now() - started) / 1000;
          samples.push({ at, published, recorded });
          if (samples.length % 10 === 0)
            log(`${at.toFixed(0)} s: published ${published}, recorded ${recorded}`);
        }
      })();
      // Ten ticks a second, each a tenth of the rate; a late tick catches up with at most a tick's
      // worth in flight, so a starved publisher slows down instead of piling up pending publishes.
      const perTick = config.BENCH_FEED_RATE / 10;
      while (sent < total) {
        const due = Math.min(
          total,
          sent + perTick,
          Math.floor(((performance.now() - started) / 100 + 1) * perTick),
        );
        const publishes = [];
        for (; sent < due; sent++) publishes.push(publishUntilStored(sent));
        await Promise.all(publishes);
        const wait = started + (sent / perTick) * 100 - performance.now();
        if (wait > 0) await sleep(wait);
      }
      const publishSeconds = (performance.now() - started) / 1000;
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
      const storedInStream = (await (await connection.jetstreamManager()).streams.info(stream))
        .state.messages;
      // Each resident's expected colour: that of the last change published for them.
      const expected = new Map<string, string>();
      for (let i = Math.max(0, total - idNumbers.length); i < total; i++)
        expected.set(changeAt(i).idNumber!, changeAt(i).color!);
      const colours = await db('residents').select('id_number', 'health_code');
      const wrongColour = colours.filter(
        (r) => expected.has(r.id_number) && expected.get(r.id_number) !== r.health_code,
      ).length;
      const { rows: mismatched } = await db.raw(
        `SELECT count(*)::int AS n FROM community_counts cc FULL JOIN (
         SELECT community_code, count(*) FILTER (WHERE health_code = 'GREEN') AS green,
                count(*) FILTER (WHERE health_code = 'YELLOW') AS yellow, count(*) FILTER (WHERE health_code = 'RED') AS red
           FROM residents WHERE community_code IS NOT NULL GROUP BY community_code) t USING (community_code)
        WHERE (coalesce(cc.green, 0), coalesce(cc.yellow, 0), coalesce(cc.red, 0)) IS DISTINCT FROM
              (coalesce(t.green, 0), coalesce(t.yellow, 0), coalesce(t.red, 0))`,
      );
      await (await connection.jetstreamManager()).streams.delete(stream);
      await connection.close();
      await db.destroy();
      const backlog = samples.map((s) => s.published - s.recorded);
      const peak = Math.max(0, ...backlog);
      const fastest = Math.max(
        0,
        ...samples
          .slice(1)
          .map((s, k) => (s.recorded - samples[k]!.recorded) / (s.at - samples[k]!.at)),
      );
      lines.push(
        '| published | in the stream | seconds publishing | changes/s published | recorded (by source id) | lost | seconds until all recorded | drain after the last publish (s) | changes/s absorbed (mean) | fastest between samples (/s) | peak backlog | residents not at their latest colour | communities whose board differs from a full count |',
        '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
        `| ${total} | ${storedInStream} | ${publishSeconds.toFixed(1)} | ${Math.round(total / publishSeconds)} | ${recorded} | ${total - recorded} | ${absorbSeconds.toFixed(1)} | ${(absorbSeconds - publishSeconds).toFixed(1)} | ${Math.round(recorded / absorbSeconds)} | ${Math.round(fastest)} | ${peak} | ${wrongColour} | ${mismatched[0].n} |`,
        '',
        `${idNumbers.length} residents, one change a message, batches of ${config.BENCH_FEED_BATCH}; ${retries} publishes retried (same message id, stored once).`,
        '',
        'Samples (seconds since the start: published/recorded/backlog):',
        '',
        samples
          .filter((_, k) => k % Math.ceil(samples.length / 40) === 0 || k === samples.length - 1)
          .map(
            (s) => `${s.at.toFixed(0)}s ${s.published}/${s.recorded}/${s.published - s.recorded}`,
          )
          .join(' · '),
      );
    },
  );
  process.stdout.write(`${lines.join('\n')}\n`);
  process.exit(0);
}
