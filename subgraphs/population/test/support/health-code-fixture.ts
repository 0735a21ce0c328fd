import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runImport } from '@cityhub/importer';
import type { Database } from '@cityhub/kit';
import { TEST_PERSON_ID_KEY } from '../../../../test/support/constants.js';
import { testDatabase } from '../../../../test/support/database.js';
import { freshPopulation } from '../../../../test/support/fresh-population.js';
import { writeResidentFile } from '../../../../test/support/resident-file.js';
import { residentImport } from '../../src/importers/resident-import.js';

/**
 * A population schema of its own with `count` residents loaded through the importer, for the
 * health-code feed tests; `at(step)` is a change time `step` ms after they were loaded (an
 * older change than the loaded colour would only be history).
 */
export async function healthCodeFixture(count: number) {
  const seeded = testDatabase('population');
  const dir = mkdtempSync(join(tmpdir(), 'cityhub-feed-'));
  const target = await freshPopulation(seeded);
  const file = join(dir, 'residents.csv');
  await writeResidentFile(file, { count, communities: target.communities.slice(0, 20) });
  await runImport({
    db: target.db,
    mapping: residentImport(TEST_PERSON_ID_KEY),
    file,
    startedBy: 'test',
  });
  const idNumbers = (await target
    .db('residents')
    .orderBy('id_number')
    .pluck('id_number')) as string[];
  const base = Date.now() + 1_000;
  return {
    db: target.db,
    idNumbers,
    at: (step: number) => new Date(base + step).toISOString(),
    async drop() {
      await target.drop();
      await seeded.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Community counts as the board reads them, and as a full count of residents gives them. */
export async function boardAndTruth(db: Database) {
  const board = await db('community_counts')
    .where('residents', '>', 0)
    .orderBy('community_code')
    .select('community_code', 'green', 'yellow', 'red');
  const truth = await db('residents')
    .whereNotNull('community_code')
    .groupBy('community_code')
    .orderBy('community_code')
    .select(
      'community_code',
      db.raw(`count(*) FILTER (WHERE health_code = 'GREEN')::int AS green`),
      db.raw(`count(*) FILTER (WHERE health_code = 'YELLOW')::int AS yellow`),
      db.raw(`count(*) FILTER (WHERE health_code = 'RED')::int AS red`),
    );
  return { board, truth };
}

/** Waits until every source id with this prefix is recorded (or the time is up). */
export async function recordedWithPrefix(
  db: Database,
  prefix: string,
  expected: number,
  timeoutMs = 60_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await db('health_code_changes')
      .where('source_id', 'like', `${prefix}%`)
      .count({ total: '*' });
    const total = Number(row?.total ?? 0);
    if (total >= expected || Date.now() > deadline) return total;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
