import { randomBytes } from 'node:crypto';
import { feedSubject } from '@cityhub/kit';
import { HEALTH_CODE_FEED } from '@cityhub/population';
import { connect } from 'nats';
import { healthCodeChanges, publishPaced, type PacedPublishOptions } from './feed-publisher.js';
import { machineLine, publisherLines, writeFeedReport } from './feed-report.js';

/**
 * `BENCH_FEED_PUBLISH_ONLY=1 npm run bench:feed`: the publisher alone (no database, no consumer),
 * into a stream of its own that is deleted afterwards: can it offer the rate asked on this machine?
 */
export async function runPublisherAlone(options: {
  natsUrl: string;
  pacing: Pick<PacedPublishOptions, 'rate' | 'seconds' | 'perMessage' | 'window'>;
  resultsDir: string;
  settings: string;
}): Promise<void> {
  const { pacing } = options;
  const prefix = `benchpub${randomBytes(3).toString('hex')}`;
  const connection = await connect({ servers: options.natsUrl, maxReconnectAttempts: -1 });
  const jsm = await connection.jetstreamManager();
  const { stream, subject, streamSubjects } = feedSubject(HEALTH_CODE_FEED, prefix);
  await jsm.streams.add({ name: stream, subjects: [streamSubjects] });
  const before = machineLine();
  try {
    // Well-formed ID numbers are not needed: nothing reads these changes.
    const ids = Array.from(
      { length: 3_000 },
      (_, i) => `3101041980010${String(i).padStart(5, '0')}`,
    );
    const total = pacing.rate * pacing.seconds;
    const { message } = healthCodeChanges(prefix, ids, total, pacing.perMessage);
    const result = await publishPaced({ js: connection.jetstream(), subject, message, ...pacing });
    const stored = (await jsm.streams.info(stream)).state.messages;
    writeFeedReport(
      options.resultsDir,
      `npm run bench:feed, the publisher alone — ${new Date().toISOString().slice(0, 16)}Z (${options.settings})`,
      [
        `Machine: ${before} at the start, ${machineLine()} at the end. NATS at ${options.natsUrl}; no consumer, no database.`,
        '',
        ...publisherLines(result, pacing.window),
        '',
        `Messages in the stream afterwards: ${stored} of ${result.messages}.`,
      ],
      '-publisher',
    );
  } finally {
    await jsm.streams.delete(stream);
    await connection.close();
  }
}
