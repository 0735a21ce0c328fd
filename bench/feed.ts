import { randomBytes } from 'node:crypto';
import {
  createDatabase,
  createLogger,
  parseConfig,
  portSchema,
  postgresUrlSchema,
} from '@cityhub/kit';
import { HealthCodeFeed, consumeHealthCodesFromNats, healthCodeSubject } from '@cityhub/population';
import { syntheticCity } from '@cityhub/synthetic-city';
import { connect } from 'nats';
import { z } from 'zod';
import { REPOSITORY_ROOT } from './bench-config.js';
import { withBenchDatabase } from './bench-database.js';

/**
 * `npm run bench:feed`: the health commission publishing 10,000 colour changes a second on NATS
 * JetStream for a minute (one change a message, each with its own source id), absorbed by the
 * population department's feed into a fresh database. Reports what was published, what was
 * recorded (counted by source id), how long after the last publish the last change was in, and
 * whether every community's colour counts still equal a full count of its residents.
 */
const config = parseConfig(
  z.object({
    DATABASE_URL: postgresUrlSchema.optional(),
    NATS_URL: z.string().default('nats://127.0.0.1:4222'),
    BENCH_POSTGRES_DIR: z.string().default(`${REPOSITORY_ROOT}.data/bench-postgres`),
    BENCH_POSTGRES_PORT: portSchema.default(54331),
    BENCH_FEED_RATE: z.coerce.number().int().min(100).max(100_000).default(10_000),
    BENCH_FEED_SECONDS: z.coerce.number().int().min(1).max(600).default(60),
  }),
);
const log = (line: string) => process.stderr.write(`${line}\n`);
const logger = createLogger('bench-feed', 'warn');
const personIdKey = 'city-data-hub-development-person-key';
const COLORS = ['GREEN', 'YELLOW', 'RED'];

const prefix = `bench${randomBytes(3).toString('hex')}`;
const lines: string[] = [];
const city = syntheticCity('test');
await withBenchDatabase(
  {
    databaseUrl: config.DATABASE_URL,
    embeddedDir: config.BENCH_POSTGRES_DIR,
    embeddedPort: config.BENCH_POSTGRES_PORT,
    label: 'feed',
    subgraphs: ['population'],
    city,
    personIdKey,
    logger,
  },
  async (databaseUrl) => {
    const db = createDatabase({ url: databaseUrl, schema: 'population', poolMax: 4 });
    const idNumbers = (await db('residents').pluck('id_number')) as string[];
    const consumer = await consumeHealthCodesFromNats({
      url: config.NATS_URL,
      prefix,
      feed: new HealthCodeFeed(db, personIdKey, logger),
      logger,
    });
    const connection = await connect({ servers: config.NATS_URL });
    const js = connection.jetstream();
    const { stream, subject } = healthCodeSubject(prefix);
    let retries = 0;
    const publishUntilStored = async (data: string, msgID: string): Promise<void> => {
      for (;;) {
        try {
          await js.publish(subject, data, { msgID, timeout: 30_000 });
          return;
        } catch {
          retries += 1;
        }
      }
    };
    const total = config.BENCH_FEED_RATE * config.BENCH_FEED_SECONDS;
    const perTick = config.BENCH_FEED_RATE / 10;
    const base = Date.now();
    const started = performance.now();
    let sent = 0;
    // Ten ticks a second, each publishing a tenth of the rate; a late tick catches up.
    while (sent < total) {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 100 + 1) * perTick));
      const publishes = [];
      for (; sent < due; sent++) {
        const change = {
          sourceId: `${prefix}-${sent}`,
          idNumber: idNumbers[sent % idNumbers.length],
          color: COLORS[(sent * 7) % 3],
          // Later changes are later in time, so per resident the last one published wins.
          changedAt: new Date(base + Math.floor(sent / 10)).toISOString(),
        };
        // The source id as the message id: a publish retried after a timeout is not stored twice.
        publishes.push(publishUntilStored(JSON.stringify(change), change.sourceId));
      }
      await Promise.all(publishes);
      if (
        Math.floor(sent / config.BENCH_FEED_RATE) !==
        Math.floor((sent - perTick) / config.BENCH_FEED_RATE)
      )
        log(`published ${sent.toLocaleString('en')}`);
      const wait = started + (sent / perTick) * 100 - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    const publishSeconds = (performance.now() - started) / 1000;
    let recorded = 0;
    const deadline = performance.now() + 600_000;
    while (performance.now() < deadline) {
      const [row] = await db('health_code_changes')
        .where('source_id', 'like', `${prefix}-%`)
        .count({ total: '*' });
      recorded = Number(row?.total ?? 0);
      if (recorded >= total) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const absorbSeconds = (performance.now() - started) / 1000;
    await consumer.stop();
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
    lines.push(
      '| published | seconds publishing | changes/s published | recorded (by source id) | lost | seconds until all recorded | changes/s absorbed | communities whose board differs from a full count |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      `| ${total.toLocaleString('en')} | ${publishSeconds.toFixed(1)} | ${Math.round(total / publishSeconds).toLocaleString('en')} | ${recorded.toLocaleString('en')} | ${total - recorded} | ${absorbSeconds.toFixed(1)} | ${Math.round(recorded / absorbSeconds).toLocaleString('en')} | ${mismatched[0].n} |`,
      '',
      `${idNumbers.length.toLocaleString('en')} residents, one change a message; ${retries} publishes retried after a timeout (same message id, stored once).`,
    );
  },
);
process.stdout.write(`${lines.join('\n')}\n`);
process.exit(0);
