import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImportJobStore, runImport, type ImportProgress } from '@cityhub/importer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/support/database.js';
import { freshPopulation } from '../../../test/support/fresh-population.js';
import { writeResidentFile } from '../../../test/support/resident-file.js';
import { TEST_PERSON_ID_KEY } from '../../../test/support/constants.js';
import { residentImport } from '../src/importers/resident-import.js';

const seeded = testDatabase('population');
const dir = mkdtempSync(join(tmpdir(), 'cityhub-import-'));
const mapping = residentImport(TEST_PERSON_ID_KEY);
let target: Awaited<ReturnType<typeof freshPopulation>>;

beforeAll(async () => {
  target = await freshPopulation(seeded);
});
afterAll(async () => {
  await target?.drop();
  await seeded.destroy();
  rmSync(dir, { recursive: true, force: true });
});

/** Residents and the counts the dashboards read, to compare before and after a rerun. */
async function snapshot() {
  const [residents] = await target.db('residents').select(
    target.db.raw('count(*)::int AS total'),
    // xmin changes on any write to a row, even one that writes the same values.
    target.db.raw('sum(xmin::text::bigint)::text AS versions'),
  );
  const counts = await target.db('community_counts').orderBy('community_code');
  return { residents, counts };
}

describe('importing a residents file', () => {
  it('loads 100,000 residents with 1% bad rows: every bad one refused with its reason, the rest loaded once, a rerun changes nothing', async () => {
    const file = join(dir, 'residents-100k.csv');
    const planted = await writeResidentFile(file, {
      count: 100_000,
      communities: target.communities,
    });
    const progress: ImportProgress[] = [];
    const first = await runImport({
      db: target.db,
      mapping,
      file,
      startedBy: 'test',
      onProgress: (p) => progress.push(p),
    });
    expect(first.alreadyImported).toBe(false);
    expect(first.job).toMatchObject({
      status: 'DONE',
      rows_read: 100_000,
      rows_rejected: 1_000,
      rows_inserted: 99_000,
      rows_updated: 0,
      rows_unchanged: 0,
    });
    const rejections = await new ImportJobStore(target.db).rejections(first.job.id, 5_000, null);
    expect(new Map(rejections.map((r) => [r.line, r.field]))).toEqual(planted);
    expect(rejections.find((r) => r.field === 'id_number' && r.reason.includes('repeats'))).toEqual(
      expect.objectContaining({ reason: 'repeats the id_number of line 2' }),
    );
    expect(rejections.every((r) => r.reason.length > 0)).toBe(true);
    expect(progress.at(-1)?.phase).toBe('done');
    expect(progress.some((p) => p.phase === 'staging' && p.rowsPerSecond > 0)).toBe(true);
    const [stage] = await target.db('import_stage_residents').count({ staged: '*' });
    expect(Number(stage?.staged)).toBe(0);

    const before = await snapshot();
    expect(before.residents.total).toBe(99_000);
    expect(before.counts.reduce((sum, row) => sum + row.residents, 0)).toBe(99_000);
    const again = await runImport({ db: target.db, mapping, file, startedBy: 'test' });
    expect(again).toMatchObject({ alreadyImported: true, job: { id: first.job.id } });
    expect(await snapshot()).toEqual(before);
    // A hundred thousand rows take well under a minute alone, several when seven others share the two cores.
  }, 300_000);

  it('merges a changed export by ID number: only the changed residents are written', async () => {
    const file = join(dir, 'residents-changed.csv');
    // The first 1,000 residents of the file above with other addresses (the 10 refused there are new).
    await writeResidentFile(file, {
      count: 1_000,
      communities: target.communities,
      badEvery: 1_000_000,
      variant: 1,
    });
    const outcome = await runImport({ db: target.db, mapping, file, startedBy: 'test' });
    expect(outcome.job).toMatchObject({ rows_inserted: 10, rows_updated: 990, rows_rejected: 0 });
    const unchanged = join(dir, 'residents-changed-again.csv');
    writeFileSync(unchanged, `\n${readFileSync(file, 'utf8')}`);
    const rerun = await runImport({ db: target.db, mapping, file: unchanged, startedBy: 'test' });
    // Another hash (a blank line first), the same rows: the merge by natural key writes nothing.
    expect(rerun.job).toMatchObject({ rows_inserted: 0, rows_updated: 0, rows_unchanged: 1_000 });
  });

  it('resumes an interrupted import after its last staged chunk, and still loads it all at once', async () => {
    const file = join(dir, 'residents-interrupted.csv');
    await writeResidentFile(file, {
      count: 3_000,
      communities: ['3101040030001'],
      badEvery: 1_000,
    });
    const residentsBefore = (await snapshot()).residents.total;
    await expect(
      runImport({
        db: target.db,
        mapping,
        file,
        startedBy: 'test',
        chunkRecords: 1_000,
        onProgress: (p) => {
          if (p.phase === 'staging' && p.linesRead > 1_000) throw new Error('power cut');
        },
      }),
    ).rejects.toThrow('power cut');
    const jobs = new ImportJobStore(target.db);
    const [interrupted] = await jobs.latest('residents', 1);
    expect(interrupted).toMatchObject({ status: 'FAILED', error: 'power cut', lines_read: 1_001 });
    // Nothing reached the residents while the file was only half read.
    expect((await snapshot()).residents.total).toBe(residentsBefore);

    const resumed = await runImport({ db: target.db, mapping, file, startedBy: 'test' });
    expect(resumed).toMatchObject({ resumed: true, job: { id: interrupted!.id, status: 'DONE' } });
    // Resident 0 of every generated file is the same person, so it is already there.
    expect(resumed.job).toMatchObject({ rows_read: 3_000, rows_rejected: 3 });
    expect(
      resumed.job.rows_inserted! + resumed.job.rows_updated! + resumed.job.rows_unchanged!,
    ).toBe(2_997);
  });

  it('refuses lines it cannot read and keeps a quoted comma, quote and line break inside a field', async () => {
    const file = join(dir, 'residents-quoting.jsonl');
    writeFileSync(
      file,
      [
        '{"id_number": "11010519491231002X", "name": "张\\"三\\", 老", "phone": "13900000001", "origin_code": "110105", "health_code": "green"}',
        'not json',
        '[1, 2]',
      ].join('\n'),
    );
    const outcome = await runImport({ db: target.db, mapping, file, startedBy: 'test' });
    expect(outcome.job).toMatchObject({ rows_inserted: 1, rows_rejected: 2 });
    const person = await target.db('residents').where({ id_number: '11010519491231002X' }).first();
    expect(person).toMatchObject({
      name: '张"三", 老',
      health_code: 'GREEN',
      community_code: null,
    });
    const csv = join(dir, 'residents-quoting.csv');
    writeFileSync(
      csv,
      'id_number,name,phone,origin_code,community_code,address,health_code\n' +
        '11010519491231002X,"李""四""\n二行",13900000001,110105,,,RED\n' +
        '110105194912310021,bad"quote,13900000001,110105,,,RED\n',
    );
    const fromCsv = await runImport({ db: target.db, mapping, file: csv, startedBy: 'test' });
    expect(fromCsv.job).toMatchObject({ rows_updated: 1, rows_rejected: 1 });
    const [rejection] = await new ImportJobStore(target.db).rejections(fromCsv.job.id, 10, null);
    expect(rejection).toEqual(
      expect.objectContaining({
        line: 4,
        field: 'record',
        reason: 'has a quote inside an unquoted field',
      }),
    );
    expect(
      await target.db('residents').where({ id_number: '11010519491231002X' }).first(),
    ).toMatchObject({ name: '李"四"\n二行', health_code: 'RED' });
  });
});
