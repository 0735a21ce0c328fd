import type pg from 'pg';
import { copyRows, personIdFor, type CopyValue, type Database } from '@cityhub/kit';
import {
  KEY_REGIONS,
  ORIGIN_REGIONS,
  runChunkedSeed,
  type SeedOptions,
  type SeedOutcome,
  type SyntheticCity,
} from '@cityhub/synthetic-city';
import { ARRIVAL_COLUMN_NAMES, RESIDENT_COLUMN_NAMES } from '../repositories/resident-store.js';

const RESIDENT_COLUMNS = RESIDENT_COLUMN_NAMES;
const ARRIVAL_COLUMNS = ARRIVAL_COLUMN_NAMES;

/**
 * Seeds the geography and the residents of a synthetic city, residents in chunks in the common
 * resumable frame (`runChunkedSeed`).
 */
export function seedPopulation({
  chunkSize = 25_000,
  ...options
}: SeedOptions & { chunkSize?: number }): Promise<SeedOutcome> {
  return runChunkedSeed(options, {
    schema: 'population',
    unit: 'residents',
    chunkSize,
    plan: (source) => ({
      total: source.residentCount,
      begin: () => seedGeography(options.db, source),
      write: (client, start, end) =>
        copyResidentChunk(client, source, options.personIdKey, start, end),
    }),
    analyze: ['residents', 'arrivals', 'community_counts'],
  });
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

async function copyResidentChunk(
  client: pg.PoolClient,
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
  await copyRows(client, 'population.residents', RESIDENT_COLUMNS, residents);
  await copyRows(client, 'population.arrivals', ARRIVAL_COLUMNS, arrivals);
}
