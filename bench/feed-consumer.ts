import { spawn, type ChildProcess } from 'node:child_process';
import { consumeFeedFromNats, createDatabase, type Logger } from '@cityhub/kit';
import { healthCodeIntake } from '@cityhub/population';

export interface FeedConsumerSettings {
  databaseUrl: string;
  natsUrl: string;
  prefix: string;
  batchSize: number;
  personIdKey: string;
  logger: Logger;
}

/** The department's side (in the process the bench starts): the feed consumer until SIGTERM. */
export async function runFeedConsumer(settings: FeedConsumerSettings): Promise<void> {
  const { logger } = settings;
  const db = createDatabase({ url: settings.databaseUrl, schema: 'population', poolMax: 4 });
  const consumer = await consumeFeedFromNats(healthCodeIntake(db, settings.personIdKey, logger), {
    url: settings.natsUrl,
    prefix: settings.prefix,
    logger,
    batchSize: settings.batchSize,
  });
  process.stdout.write('ready\n');
  process.once('SIGTERM', () => {
    void consumer
      .stop()
      .then(() => db.destroy())
      .then(() => process.exit(0));
  });
}

/** Starts this bench again as the consumer's process (`BENCH_FEED_CONSUMER_PREFIX` set); resolves once it is ready. */
export function startFeedConsumer(databaseUrl: string, prefix: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!], {
    env: { ...process.env, DATABASE_URL: databaseUrl, BENCH_FEED_CONSUMER_PREFIX: prefix },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the consumer ended (${code})`)));
    child.stdout!.once('data', () => resolve(child));
  });
}
