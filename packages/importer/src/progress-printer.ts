import type { ImportProgress } from './run-import.js';

/** One line per chunk: lines read, share of the file, rows/s and time left. */
export function importProgressPrinter(stream: NodeJS.WritableStream = process.stderr) {
  return (progress: ImportProgress): void => {
    const percent = Math.floor((progress.bytesRead / Math.max(progress.bytesTotal, 1)) * 100);
    const eta = progress.etaSeconds === null ? '?' : `${progress.etaSeconds} s`;
    const line =
      progress.phase === 'staging'
        ? `job ${progress.jobId}: ${progress.linesRead.toLocaleString('en')} lines (${percent}%), ${progress.rowsRejected.toLocaleString('en')} rejected, ${progress.rowsPerSecond.toLocaleString('en')} rows/s, ETA ${eta}`
        : `job ${progress.jobId}: ${progress.phase}`;
    stream.write(`${line}\n`);
  };
}
