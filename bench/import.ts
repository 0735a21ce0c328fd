import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  copyRows,
  createDatabase,
  createLogger,
  inRawTransaction,
  InputProblems,
  parseConfig,
  portSchema,
  postgresUrlSchema,
  type CopyValue,
} from '@cityhub/kit';
import { readRecords, runImport, UnreadableRecord, type ImportProgress } from '@cityhub/importer';
import { importMappings as enterpriseMappings } from '@cityhub/enterprises';
import { importMappings } from '@cityhub/population';
import { importMappings as riskMappings } from '@cityhub/risk';
import { syntheticCity } from '@cityhub/synthetic-city';
import { z } from 'zod';
import { writeResidentFile } from '../test/support/resident-file.js';
import { REPOSITORY_ROOT } from './bench-config.js';
import { withBenchDatabase } from './bench-database.js';
import { enterpriseLine, readingLine, timedImport, writeLines } from './import-kinds.js';

/**
 * `npm run bench:import`: a million-resident CSV (1% bad records) loaded with `npm run import`'s
 * engine into a fresh database: rows/s of the whole import and of its phases (read and check,
 * COPY alone, merge), then the same file again; then rows/s of an enterprise register
 * (BENCH_ENTERPRISES) and of the utilities' monthly readings (BENCH_READINGS) into the seeded
 * dwellings. DATABASE_URL picks the server (else the embedded one).
 */
const config = parseConfig(
  z.object({
    DATABASE_URL: postgresUrlSchema.optional(),
    BENCH_POSTGRES_DIR: z.string().default(`${REPOSITORY_ROOT}.data/bench-postgres`),
    BENCH_POSTGRES_PORT: portSchema.default(54331),
    BENCH_RESIDENTS: z.coerce.number().int().min(1_000).max(10_000_000).default(1_000_000),
    BENCH_ENTERPRISES: z.coerce.number().int().min(1_000).max(10_000_000).default(100_000),
    BENCH_READINGS: z.coerce.number().int().min(1_000).max(10_000_000).default(500_000),
  }),
);
const log = (line: string) => process.stderr.write(`${line}\n`);
const logger = createLogger('bench-import', 'warn');
const personIdKey = 'city-data-hub-development-person-key';
const seconds = (since: number) => (performance.now() - since) / 1000;
const rate = (rows: number, s: number) => Math.round(rows / s).toLocaleString('en');

const dir = mkdtempSync(join(tmpdir(), 'cityhub-bench-import-'));
const lines: string[] = [];
try {
  await withBenchDatabase(
    {
      databaseUrl: config.DATABASE_URL,
      embeddedDir: config.BENCH_POSTGRES_DIR,
      embeddedPort: config.BENCH_POSTGRES_PORT,
      label: 'import',
      subgraphs: ['population', 'enterprises', 'risk'],
      city: syntheticCity('test'),
      personIdKey,
      logger,
    },
    async (databaseUrl) => {
      const db = createDatabase({ url: databaseUrl, schema: 'population', poolMax: 2 });
      const communities = (await db('communities').pluck('code')) as string[];
      const file = join(dir, 'residents.csv');
      const count = config.BENCH_RESIDENTS;
      let started = performance.now();
      await writeResidentFile(file, { count, communities });
      log(
        `wrote ${count.toLocaleString('en')} residents (${(statSync(file).size / 1e6).toFixed(0)} MB) in ${seconds(started).toFixed(1)} s`,
      );
      const mapping = importMappings({ personIdKey })[0]!;

      // The phases alone: reading and checking, then COPY of the checked rows with nothing else.
      started = performance.now();
      const rows: CopyValue[][] = [];
      for await (const record of readRecords(file)) {
        if (record instanceof UnreadableRecord) continue;
        const values = mapping.read(record.fields, new InputProblems());
        if (values) rows.push([0, record.line, ...values]);
      }
      const readSeconds = seconds(started);
      started = performance.now();
      await inRawTransaction(db, (client) =>
        copyRows(client, mapping.stagingTable, ['job_id', 'line', ...mapping.columns], rows),
      );
      const copySeconds = seconds(started);
      await db(mapping.stagingTable).where({ job_id: 0 }).delete();

      let staging: ImportProgress | undefined;
      started = performance.now();
      const first = await runImport({
        db,
        mapping,
        file,
        startedBy: 'bench',
        onProgress: (p) => {
          if (p.phase === 'staging') staging = p;
          if (p.phase === 'merging')
            log(`staged at ${p.rowsPerSecond.toLocaleString('en')} rows/s`);
        },
      });
      const importSeconds = seconds(started);
      started = performance.now();
      const again = await runImport({ db, mapping, file, startedBy: 'bench' });
      const againSeconds = seconds(started);
      const streets = (await db('streets').pluck('code')) as string[];
      await db.destroy();
      const kinds = await otherKinds(databaseUrl, streets);
      const job = first.job;
      lines.push(
        `| step | rows | seconds | rows/s |`,
        `| --- | ---: | ---: | ---: |`,
        `| read + check (CSV parse, GB 11643, hub id) | ${count.toLocaleString('en')} | ${readSeconds.toFixed(1)} | ${rate(count, readSeconds)} |`,
        `| COPY alone into the staging table | ${rows.length.toLocaleString('en')} | ${copySeconds.toFixed(1)} | ${rate(rows.length, copySeconds)} |`,
        `| import: staging (read, check, COPY, per-chunk commits) | ${job.rows_read.toLocaleString('en')} | | ${staging?.rowsPerSecond.toLocaleString('en')} |`,
        `| import: whole (hash, staging, set checks, one-transaction merge) | ${job.rows_read.toLocaleString('en')} | ${importSeconds.toFixed(1)} | ${rate(job.rows_read, importSeconds)} |`,
        `| same file again (${again.alreadyImported ? 'recognised, nothing changed' : 'NOT recognised'}) | ${job.rows_read.toLocaleString('en')} | ${againSeconds.toFixed(2)} | |`,
        '',
        `inserted ${job.rows_inserted?.toLocaleString('en')}, rejected ${job.rows_rejected.toLocaleString('en')}, updated ${job.rows_updated}, unchanged ${job.rows_unchanged}`,
        '',
        `| kind | rows | rejected | seconds | staging rows/s | whole rows/s |`,
        `| --- | ---: | ---: | ---: | ---: | ---: |`,
        ...kinds.map(
          ({ kind, job, seconds: s, stagingRate, rate: r }) =>
            `| ${kind} | ${job.rows_read.toLocaleString('en')} | ${job.rows_rejected.toLocaleString('en')} | ${s.toFixed(1)} | ${stagingRate.toLocaleString('en')} | ${r.toLocaleString('en')} |`,
        ),
      );
    },
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.stdout.write(`${lines.join('\n')}\n`);

/** The enterprises register and the utilities' readings, each from a generated file of its own. */
async function otherKinds(databaseUrl: string, streets: string[]) {
  const enterprises = createDatabase({ url: databaseUrl, schema: 'enterprises', poolMax: 2 });
  const risk = createDatabase({ url: databaseUrl, schema: 'risk', poolMax: 2 });
  try {
    const dwellings = await risk('dwellings').select('community_code', 'address').orderBy('id');
    const enterpriseFile = join(dir, 'enterprises.csv');
    await writeLines(
      enterpriseFile,
      'credit_code,name,legal_rep_id_number,industry,street_code,status,employee_count,registered_on',
      config.BENCH_ENTERPRISES,
      enterpriseLine(streets),
    );
    const readingFile = join(dir, 'readings.csv');
    await writeLines(
      readingFile,
      'community_code,address,month,water_m3,electricity_kwh,gas_m3,deliveries',
      config.BENCH_READINGS,
      readingLine(dwellings),
    );
    log(`wrote enterprises and readings (${dwellings.length.toLocaleString('en')} dwellings)`);
    return [
      {
        kind: 'enterprises',
        ...(await timedImport(
          enterprises,
          enterpriseMappings({ personIdKey })[0]!,
          enterpriseFile,
        )),
      },
      { kind: 'utility-readings', ...(await timedImport(risk, riskMappings()[0]!, readingFile)) },
    ];
  } finally {
    await enterprises.destroy();
    await risk.destroy();
  }
}
process.exit(0);
