import type pg from 'pg';
import { copyRows, type CopyValue } from '@cityhub/kit';
import {
  runChunkedSeed,
  type SyntheticCity,
  type SeedOptions,
  type SeedOutcome,
  type SyntheticPerson,
} from '@cityhub/synthetic-city';
import { communityRows } from './community-plan.js';

/** Residents looked at to place reports and dwellings: all of a small city, an even sample of a big one. */
const MAX_SAMPLED_RESIDENTS = 200_000;

/**
 * Seeds case reports, housing stock, metered dwellings and their readings, communities in chunks in
 * the common resumable frame (`runChunkedSeed`).
 */
export function seedRisk({
  chunkSize = 1_000,
  ...options
}: SeedOptions & { chunkSize?: number }): Promise<SeedOutcome> {
  return runChunkedSeed(options, {
    schema: 'risk',
    unit: 'communities',
    chunkSize,
    plan: (source) => {
      const communities = source.geography.communities;
      const { byCommunity, stride } = sampleResidents(source);
      return {
        total: communities.length,
        write: (client, start, end) =>
          copyChunk(
            client,
            communities.slice(start, end).map((community) => {
              const residents = byCommunity.get(community.code) ?? [];
              const population = residents.length * stride;
              return communityRows(source, community, residents, population, options.personIdKey);
            }),
          ),
        end: async () => {
          await options.db.raw(
            `SELECT setval(pg_get_serial_sequence('dwellings', 'id'), coalesce((SELECT max(id) FROM dwellings), 0) + 1, false)`,
          );
        },
      };
    },
    analyze: ['case_reports', 'dwellings', 'dwelling_readings'],
  });
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

async function copyChunk(
  connection: pg.PoolClient,
  chunk: ReturnType<typeof communityRows>[],
): Promise<void> {
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
}
