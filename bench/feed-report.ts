import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import type { Database } from '@cityhub/kit';
import type { PacedPublishResult } from './feed-publisher.js';

/** The machine as the run found it: cores and load averages (1, 5, 15 minutes). */
export function machineLine(): string {
  const load = loadavg().map((value) => value.toFixed(1));
  return `${cpus().length} cores, load average ${load.join(' / ')}`;
}

/** The publisher's own figures: its rate, its CPU, and whether the ack window held it back. */
export function publisherLines(result: PacedPublishResult, window: number): string[] {
  const cpuShare = result.cpuMs / 10 / result.seconds;
  const seconds = result.perSecond.map((count, k) => count - (result.perSecond[k - 1] ?? 0));
  return [
    '| records published | messages | seconds | records/s published | publisher CPU (s) | publisher CPU (% of one core) | ack window full (times) | publishes retried | slowest / fastest second (records) |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${result.records} | ${result.messages} | ${result.seconds.toFixed(1)} | ${Math.round(result.records / result.seconds)} | ${(result.cpuMs / 1000).toFixed(1)} | ${cpuShare.toFixed(0)} | ${result.windowFull} | ${result.retries} | ${seconds.length ? `${Math.min(...seconds)} / ${Math.max(...seconds)}` : '-'} |`,
    '',
    `Async JetStream publishes, at most ${window} awaiting their ack; a full window means the server set the pace.`,
  ];
}

/** The consumer's side: every change recorded once, how fast, and the state it left. */
export function consumerLines(run: {
  published: number;
  stored: number;
  recorded: number;
  absorbSeconds: number;
  publishSeconds: number;
  samples: Array<{ at: number; recorded: number }>;
  wrongColour: number;
  boardsDiffering: number;
}): string[] {
  const { samples } = run;
  const fastest = Math.max(
    0,
    ...samples
      .slice(1)
      .map((s, k) => (s.recorded - samples[k]!.recorded) / (s.at - samples[k]!.at)),
  );
  return [
    '| published | messages in the stream | recorded (by source id) | lost | seconds until all recorded | drain after the last publish (s) | changes/s absorbed (mean) | fastest between samples (/s) | residents not at their latest colour | communities whose board differs from a full count |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${run.published} | ${run.stored} | ${run.recorded} | ${run.published - run.recorded} | ${run.absorbSeconds.toFixed(1)} | ${(run.absorbSeconds - run.publishSeconds).toFixed(1)} | ${Math.round(run.recorded / run.absorbSeconds)} | ${Math.round(fastest)} | ${run.wrongColour} | ${run.boardsDiffering} |`,
  ];
}

/** Residents not at the colour of their last change, and community boards that differ from a full count. */
export async function feedOutcome(
  db: Database,
  expected: Map<string, string>,
): Promise<{ wrongColour: number; boardsDiffering: number }> {
  const colours = await db('residents').select('id_number', 'health_code');
  const wrongColour = colours.filter(
    (r) => expected.has(r.id_number) && expected.get(r.id_number) !== r.health_code,
  ).length;
  const { rows } = await db.raw(
    `SELECT count(*)::int AS n FROM community_counts cc FULL JOIN (
     SELECT community_code, count(*) FILTER (WHERE health_code = 'GREEN') AS green,
            count(*) FILTER (WHERE health_code = 'YELLOW') AS yellow, count(*) FILTER (WHERE health_code = 'RED') AS red
       FROM residents WHERE community_code IS NOT NULL GROUP BY community_code) t USING (community_code)
    WHERE (coalesce(cc.green, 0), coalesce(cc.yellow, 0), coalesce(cc.red, 0)) IS DISTINCT FROM
          (coalesce(t.green, 0), coalesce(t.yellow, 0), coalesce(t.red, 0))`,
  );
  return { wrongColour, boardsDiffering: rows[0].n };
}

/** Writes the report to bench/results/<time>-feed[-publisher].md and stdout; returns the file. */
export function writeFeedReport(
  folder: string,
  title: string,
  lines: string[],
  suffix = '',
): string {
  const stamp = new Date().toISOString().slice(0, 19).replace(/:/g, '-');
  const file = `${folder}/${stamp}-feed${suffix}.md`;
  const content = `# ${title}\n\n${lines.join('\n')}\n`;
  mkdirSync(folder, { recursive: true });
  writeFileSync(file, content);
  process.stdout.write(content);
  return file;
}
