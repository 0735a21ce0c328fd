import { copyRows, inRawTransaction, type CopyValue, type Database } from '@cityhub/kit';
import {
  SyntheticCity,
  type SeedOptions,
  type SeedOutcome,
  type SyntheticPerson,
} from '@cityhub/synthetic-city';
import { communityRows } from './community-plan.js';

/** Residents looked at to place reports and dwellings: all of a small city, an even sample of a big one. */
const MAX_SAMPLED_RESIDENTS = 200_000;

/**
 * Seeds case reports, housing stock, metered dwellings and their readings. Communities go in
 * chunks, each with its progress mark in one transaction, so an interrupted seed resumes where it
 * stopped and a rerun of a finished one does nothing.
 */
export async function seedRisk({
  db,
  city,
  personIdKey,
  logger,
  onProgress,
  chunkSize = 1_000,
}: SeedOptions & { chunkSize?: number }): Promise<SeedOutcome> {
  const preset = city.preset.name;
  const existing = await db('seed_runs').where({ preset }).first();
  if (existing?.finished_at) return 'already-seeded';
  const communities = city.geography.communities;
  if (!existing)
    await db('seed_runs').insert({
      preset,
      seed: city.seed,
      reference_date: city.referenceDate,
      communities_total: communities.length,
    });
  else
    logger.info({ preset, done: existing.communities_done }, 'resuming the earlier risk seed run');
  const source =
    existing && (existing.seed !== city.seed || existing.reference_date !== city.referenceDate)
      ? new SyntheticCity(city.preset, existing.seed, existing.reference_date)
      : city;
  const { byCommunity, stride } = sampleResidents(source);
  const started = Date.now();
  let done: number = existing?.communities_done ?? 0;
  const firstDone = done;
  while (done < communities.length) {
    const end = Math.min(done + chunkSize, communities.length);
    const chunk = communities.slice(done, end).map((community) => {
      const residents = byCommunity.get(community.code) ?? [];
      return communityRows(source, community, residents, residents.length * stride, personIdKey);
    });
    await saveChunk(db, preset, end, chunk);
    done = end;
    onProgress?.({
      step: 'communities',
      done,
      total: communities.length,
      rowsPerSecond: Math.round(
        (done - firstDone) / Math.max((Date.now() - started) / 1000, 0.001),
      ),
    });
  }
  await db.raw(
    `SELECT setval(pg_get_serial_sequence('dwellings', 'id'), coalesce((SELECT max(id) FROM dwellings), 0) + 1, false)`,
  );
  await db('seed_runs').where({ preset }).update({ finished_at: db.fn.now() });
  await db.raw('ANALYZE case_reports; ANALYZE dwellings; ANALYZE dwelling_readings');
  return existing ? 'resumed' : 'seeded';
}

function sampleResidents(city: SyntheticCity): {
  byCommunity: Map<string, SyntheticPerson[]>;
  stride: number;
} {
  const stride = Math.max(1, Math.ceil(city.residentCount / MAX_SAMPLED_RESIDENTS));
  const byCommunity = new Map<string, SyntheticPerson[]>();
  for (let index = 0; index < city.residentCount; index += stride) {
    const person = city.person(index);
    const list = byCommunity.get(person.communityCode);
    if (list) list.push(person);
    else byCommunity.set(person.communityCode, [person]);
  }
  return { byCommunity, stride };
}

async function saveChunk(
  db: Database,
  preset: string,
  done: number,
  chunk: ReturnType<typeof communityRows>[],
): Promise<void> {
  await inRawTransaction(db, async (connection) => {
    await copyRows(
      connection,
      'risk.case_reports',
      ['record_id', 'person_id', 'kind', 'reported_on', 'ends_on', 'community_code', 'street_code'],
      chunk.flatMap((rows) => rows.caseReports) as CopyValue[][],
    );
    await copyRows(
      connection,
      'risk.community_housing',
      ['community_code', 'dwelling_count'],
      chunk.map((rows) => rows.housing),
    );
    await copyRows(
      connection,
      'risk.dwellings',
      ['id', 'community_code', 'street_code', 'address', 'floor_area', 'registered_residents'],
      chunk.flatMap((rows) => rows.dwellings),
    );
    await copyRows(
      connection,
      'risk.dwelling_readings',
      ['dwelling_id', 'month', 'water_m3', 'electricity_kwh', 'gas_m3', 'deliveries'],
      chunk.flatMap((rows) => rows.readings),
    );
    await connection.query('UPDATE risk.seed_runs SET communities_done = $1 WHERE preset = $2', [
      done,
      preset,
    ]);
  });
}
