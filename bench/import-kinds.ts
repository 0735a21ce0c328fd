import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { runImport, type ImportMapping } from '@cityhub/importer';
import { makeCreditCode, makeResidentId, type Database } from '@cityhub/kit';

/** Writes `header` then `count` lines made by `lineOf`, 64 KB at a time. */
export async function writeLines(
  path: string,
  header: string,
  count: number,
  lineOf: (i: number) => string,
): Promise<void> {
  const out = createWriteStream(path);
  let buffer = `${header}\n`;
  for (let i = 0; i < count; i++) {
    buffer += `${lineOf(i)}\n`;
    if (buffer.length > 1 << 16) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
}

const INDUSTRIES = 'ABCDEFGHIJKLMNOPQRST';
const STATUSES = ['OPERATING', 'OPERATING', 'OPERATING', 'SUSPENDED', 'CLOSED'];

/** An enterprise register of `count` firms (one in 100 with a wrong check character). */
export function enterpriseLine(streets: readonly string[]) {
  return (i: number): string => {
    const code = makeCreditCode(`91310104MA${String(i).padStart(7, '0')}`);
    const creditCode = i % 100 === 50 ? code.slice(0, 17) + (code[17] === '0' ? '1' : '0') : code;
    const rep = makeResidentId('310104', '1970-01-01', i % 1000);
    return `${creditCode},企业${i},${rep},${INDUSTRIES[i % 20]},${streets[i % streets.length]},${STATUSES[i % 5]},${i % 500},2015-06-${String(1 + (i % 28)).padStart(2, '0')}`;
  };
}

/** Monthly readings of the dwellings, month after month back from October 2026. */
export function readingLine(dwellings: ReadonlyArray<{ community_code: string; address: string }>) {
  return (i: number): string => {
    const dwelling = dwellings[i % dwellings.length]!;
    const back = Math.floor(i / dwellings.length);
    const month = new Date(Date.UTC(2026, 9 - back, 1)).toISOString().slice(0, 7);
    const address = dwelling.address.includes(',') ? `"${dwelling.address}"` : dwelling.address;
    return `${dwelling.community_code},${address},${month},${(i % 300) / 10},${i % 900}.5,${(i % 200) / 10},${i % 40}`;
  };
}

/** One import of a kind, timed: rows/s while staging and for the whole (hash, staging, merge). */
export async function timedImport(db: Database, mapping: ImportMapping, file: string) {
  let stagingRate = 0;
  const started = performance.now();
  const { job } = await runImport({
    db,
    mapping,
    file,
    startedBy: 'bench',
    onProgress: (p) => {
      if (p.phase === 'staging') stagingRate = p.rowsPerSecond;
    },
  });
  const seconds = (performance.now() - started) / 1000;
  return { job, seconds, stagingRate, rate: Math.round(job.rows_read / seconds) };
}
