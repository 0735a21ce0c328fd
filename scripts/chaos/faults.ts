import { setTimeout as sleep } from 'node:timers/promises';
import { full, PARTS, type ChaosLoad, type Sample } from './load.js';

const say = (line: string) => process.stdout.write(`${line}\n`);

/** What a fault did to the answers, as one row of the report. */
function faultRow(
  label: string,
  department: string | null,
  window: Sample[],
  start: number,
  recovered: number,
): string[] {
  const withError = window.filter((sample) => !full(sample)).length;
  const others = PARTS.flatMap((part, index) =>
    department && part.departments.includes(department) ? [] : [index],
  );
  const keptRest = window.filter(
    (sample) => sample.status === 200 && others.every((index) => !sample.missing.has(index)),
  ).length;
  const latencies = window.map((sample) => sample.ms).sort((a, b) => a - b);
  const p50 = latencies[Math.floor(latencies.length / 2)] ?? 0;
  const share = (count: number) => `${((100 * count) / Math.max(window.length, 1)).toFixed(1)} %`;
  return [
    label,
    String(window.length),
    share(withError),
    department ? share(keptRest) : 'n/a',
    `${p50} ms`,
    recovered ? `${((recovered - start) / 1000).toFixed(1)} s` : 'not within 60 s',
  ];
}

/** The faults run under load, one after the other, and the report's rows of them. */
export class FaultReport {
  readonly rows: string[] = [];

  constructor(private readonly load: ChaosLoad) {}

  /**
   * Runs a fault (`act`) against `department` (null: every department) and measures from its start
   * until full answers come back, counting from `restoredAt()` (or the limit of 60 s).
   */
  async fault(
    label: string,
    department: string | null,
    act: () => Promise<void>,
    restoredAt: () => number,
  ): Promise<void> {
    const { samples, workers } = this.load;
    const start = Date.now();
    await act();
    let recovered = 0;
    for (let waited = 0; waited < 60_000; waited += 100) {
      const after = samples.filter((sample) => sample.at >= restoredAt() && sample.at >= start);
      const firstFull = after.find(full);
      if (firstFull && after.slice(-workers).every(full)) {
        recovered = firstFull.at + firstFull.ms;
        break;
      }
      await sleep(100);
    }
    const window = samples.filter(
      (sample) => sample.at >= start && sample.at < (recovered || Date.now()),
    );
    const line = faultRow(label, department, window, start, recovered);
    this.rows.push(`| ${line.join(' | ')} |`);
    say(`  ${label}: ${line.slice(1).join(', ')}`);
    await sleep(1_000);
  }

  /** Prints the table of the faults. */
  print(): void {
    say(
      '\n| fault | answers | with an error | rest of the answer kept | p50 | full answers again after |',
    );
    say('| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const line of this.rows) say(line);
  }
}
