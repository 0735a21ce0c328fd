import {
  copyRows,
  inRawTransaction,
  personIdFor,
  type CopyValue,
  type Database,
} from '@cityhub/kit';
import {
  KEY_REGIONS,
  ORIGIN_REGIONS,
  SyntheticCity,
  type SeedOptions,
  type SeedOutcome,
} from '@cityhub/synthetic-city';
import { ARRIVAL_COLUMN_NAMES, RESIDENT_COLUMN_NAMES } from '../repositories/resident-store.js';

const RESIDENT_COLUMNS = RESIDENT_COLUMN_NAMES;
const ARRIVAL_COLUMNS = ARRIVAL_COLUMN_NAMES;

/**
 * Seeds the geography and the residents of a synthetic city. Residents go in chunks, each chunk
 * with its progress mark in one transaction, so an interrupted seed resumes where it stopped and a
 * rerun of a finished one does nothing.
 */
export async function seedPopulation({
  db,
  city,
  personIdKey,
  logger,
  onProgress,
  chunkSize = 25_000,
}: SeedOptions & { chunkSize?: number }): Promise<SeedOutcome> {
  const preset = city.preset.name;
  const existing = await db('seed_runs').where({ preset }).first();
  if (existing?.finished_at) return 'already-seeded';
  if (existing && (existing.seed !== city.seed || existing.reference_date !== city.referenceDate)) {
    logger.info(
      { preset, seed: existing.seed, referenceDate: existing.reference_date },
      'resuming the earlier seed run with its own seed and date',
    );
  }
  const run = existing ?? {
    preset,
    seed: city.seed,
    reference_date: city.referenceDate,
    residents_total: city.residentCount,
    residents_done: 0,
  };
  if (!existing) {
    await seedGeography(db, city);
    await db('seed_runs').insert(run);
  }
  // A resumed run continues with the seed and date it began with, so its halves match.
  const source =
    existing && (existing.seed !== city.seed || existing.reference_date !== city.referenceDate)
      ? new SyntheticCity(city.preset, existing.seed, existing.reference_date)
      : city;
  const started = Date.now();
  let done: number = run.residents_done;
  const firstDone = done;
  while (done < run.residents_total) {
    const end = Math.min(done + chunkSize, run.residents_total);
    await seedResidentChunk(db, source, personIdKey, done, end);
    done = end;
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    onProgress?.({
      step: 'residents',
      done,
      total: run.residents_total,
      rowsPerSecond: Math.round((done - firstDone) / seconds),
    });
  }
  await db('seed_runs').where({ preset }).update({ finished_at: db.fn.now() });
  await db.raw('ANALYZE residents; ANALYZE arrivals; ANALYZE community_counts');
  return existing ? 'resumed' : 'seeded';
}

async function seedGeography(db: Database, city: SyntheticCity): Promise<void> {
  const { districts, streets, communities } = city.geography;
  await db.transaction(async (trx) => {
    await trx('districts')
      .insert(districts.map(({ code, name }) => ({ code, name })))
      .onConflict('code')
      .ignore();
    await trx('streets')
      .insert(
        streets.map((s) => ({
          code: s.code,
          district_code: s.districtCode,
          name: s.name,
          kind: s.kind,
          latitude: s.latitude,
          longitude: s.longitude,
        })),
      )
      .onConflict('code')
      .ignore();
    for (let i = 0; i < communities.length; i += 2_000) {
      const batch = communities.slice(i, i + 2_000).map((c) => ({
        code: c.code,
        street_code: c.streetCode,
        name: c.name,
        latitude: c.latitude,
        longitude: c.longitude,
      }));
      await trx('communities').insert(batch).onConflict('code').ignore();
    }
    await trx('origin_regions').insert(ORIGIN_REGIONS).onConflict('code').ignore();
    await trx('key_regions').insert(KEY_REGIONS).onConflict('prefix').ignore();
  });
}

async function seedResidentChunk(
  db: Database,
  city: SyntheticCity,
  personIdKey: string,
  start: number,
  end: number,
): Promise<void> {
  const residents: CopyValue[][] = [];
  const arrivals: CopyValue[][] = [];
  for (let index = start; index < end; index++) {
    const person = city.person(index);
    const id = personIdFor(person.idNumber, personIdKey);
    residents.push([
      id,
      person.idNumber,
      person.name,
      person.gender,
      person.birthDate,
      person.phone,
      person.originCode,
      person.communityCode,
      person.address,
      person.healthCode,
      `${person.healthCodeChangedOn}T08:00:00+08:00`,
    ]);
    if (person.arrival)
      arrivals.push([
        id,
        person.arrival.arrivedOn,
        person.arrival.fromCode,
        person.arrival.channel,
        person.communityCode,
        person.streetCode,
      ]);
  }
  await inRawTransaction(db, async (connection) => {
    await copyRows(connection, 'population.residents', RESIDENT_COLUMNS, residents);
    await copyRows(connection, 'population.arrivals', ARRIVAL_COLUMNS, arrivals);
    await connection.query(
      'UPDATE population.seed_runs SET residents_done = $1 WHERE preset = $2',
      [end, city.preset.name],
    );
  });
}
