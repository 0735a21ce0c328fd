import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/support/database.js';
import { assessDwelling } from '../src/managers/group-rental-rule.js';
import { HousingStore } from '../src/repositories/housing-store.js';
import { detectGroupRentals } from '../src/managers/group-rental-detection.js';
import { GroupRentalManager } from '../src/managers/group-rental-manager.js';
import { testCaller } from '../../../test/support/hub.js';

const db = testDatabase('risk');
const housing = new HousingStore(db);
afterAll(() => db.destroy());

describe('group-rental detection (群租房)', () => {
  it('flags use far above what the registered residents explain, and not a busy but ordinary home', () => {
    expect(
      assessDwelling({
        registeredResidents: 2,
        waterM3: 8,
        electricityKwh: 170,
        gasM3: 15,
        deliveries: 14,
      }).flagged,
    ).toBe(false);
    const crowded = assessDwelling({
      registeredResidents: 1,
      waterM3: 29,
      electricityKwh: 480,
      gasM3: 50,
      deliveries: 50,
    });
    expect(crowded).toMatchObject({ flagged: true, estimatedOccupants: 7.9 });
    // One odd meter alone is not enough.
    expect(
      assessDwelling({
        registeredResidents: 1,
        waterM3: 40,
        electricityKwh: 100,
        gasM3: 8,
        deliveries: 6,
      }).flagged,
    ).toBe(false);
  });

  it("flags the crowded dwellings of data built for the test, ranks them, and keeps an official's review", async () => {
    // A month of its own, far in the future, so the test's readings are the only ones in it.
    const month = `2${String(100 + (randomBytes(2).readUInt16BE() % 800)).padStart(3, '0')}-0${1 + (randomBytes(1)[0]! % 9)}`;
    const community = '3101040100007';
    const ids = await db('dwellings')
      .insert(
        [1, 2, 3].map((n) => ({
          community_code: community,
          street_code: '310104010',
          address: `测试路${month}-${n}号`,
          floor_area: 60,
          registered_residents: n === 3 ? 3 : 1,
        })),
      )
      .returning('id');
    const [ordinary, crowded, crowdedMore] = ids.map((row: { id: number }) => Number(row.id));
    await db('dwelling_readings').insert([
      {
        dwelling_id: ordinary,
        month,
        water_m3: 4.5,
        electricity_kwh: 115,
        gas_m3: 9,
        deliveries: 8,
      },
      {
        dwelling_id: crowded,
        month,
        water_m3: 22,
        electricity_kwh: 390,
        gas_m3: 40,
        deliveries: 38,
      },
      {
        dwelling_id: crowdedMore,
        month,
        water_m3: 50,
        electricity_kwh: 900,
        gas_m3: 90,
        deliveries: 80,
      },
    ]);
    const outcome = await detectGroupRentals(db, housing, `${month}-20`);
    expect(outcome).toEqual({ month, flagged: 2, dwellings: 3, registeredFromPopulation: false });
    const flags = await housing.flagsPage(
      { streetCode: null, status: null, month, streets: null },
      { limit: 10, afterKey: null },
    );
    expect(flags.map((flag) => flag.dwellingId).sort()).toEqual([crowded, crowdedMore].sort());
    expect(flags[0]!.usageRatio).toBeGreaterThanOrEqual(flags[1]!.usageRatio);
    expect(flags.find((flag) => flag.dwellingId === crowded)!.evidence).toMatchObject({
      registeredResidents: 1,
      waterM3: 22,
    });

    const flag = flags[0]!;
    await expect(
      new GroupRentalManager(db, housing, testCaller({ streets: ['310104003'] })).review(
        String(flag.id),
        'CONFIRMED',
        null,
      ),
    ).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    const official = testCaller({ streets: ['310104010'], id: 'official-1' });
    const reviewed = await new GroupRentalManager(db, housing, official).review(
      String(flag.id),
      'FALSE_ALARM',
      '  家庭聚会  ',
    );
    expect(reviewed).toMatchObject({
      status: 'FALSE_ALARM',
      reviewedBy: 'official-1',
      reviewNote: '家庭聚会',
    });
    // Detecting again refreshes the evidence but keeps the review.
    await detectGroupRentals(db, housing, `${month}-28`);
    expect((await housing.flagsByIds([Number(flag.id)]))[0]).toMatchObject({
      status: 'FALSE_ALARM',
      reviewNote: '家庭聚会',
    });
    expect(await housing.flagCountsByCommunity(month)).toEqual([
      { communityCode: community, flags: 1 },
    ]);
    // Raised once each (detecting again raises nothing), then the review: ids and keys only.
    const events = await db('event_outbox')
      .whereRaw(`data->>'month' = ? OR data->>'flagId' = ?`, [month, String(flag.id)])
      .orderBy('seq')
      .select('type', 'data', 'community_code');
    expect(events.map((event: { type: string }) => event.type)).toEqual([
      'risk.group_rental_flag_raised',
      'risk.group_rental_flag_raised',
      'risk.group_rental_flag_reviewed',
    ]);
    expect(events[2]).toEqual({
      type: 'risk.group_rental_flag_reviewed',
      data: {
        flagId: flag.id,
        dwellingId: String(flag.dwellingId),
        outcome: 'FALSE_ALARM',
      },
      community_code: community,
    });
  });

  it("counts the residents population registers at the address, not the housing feed's figure", async () => {
    const month = `2${String(100 + (randomBytes(2).readUInt16BE() % 800)).padStart(3, '0')}-1${randomBytes(1)[0]! % 3}`;
    const community = '3101040100008';
    const address = `测试路${month}-9号`;
    // The feed says seven live here, which would explain the use; population has one registered.
    const [row] = await db('dwellings')
      .insert({
        community_code: community,
        street_code: '310104010',
        address,
        floor_area: 60,
        registered_residents: 7,
      })
      .returning('id');
    await db('dwelling_readings').insert({
      dwelling_id: Number(row.id),
      month,
      water_m3: 26,
      electricity_kwh: 440,
      gas_m3: 45,
      deliveries: 44,
    });
    const asked: Array<{ communityCode: string; address: string }> = [];
    const outcome = await detectGroupRentals(db, housing, `${month}-20`, async (addresses) => {
      asked.push(...addresses);
      return new Map([[`${community}|${address}`, 1]]);
    });
    expect(asked).toEqual([{ communityCode: community, address }]);
    expect(outcome).toMatchObject({ flagged: 1, registeredFromPopulation: true });
    expect(await detectGroupRentals(db, housing, `${month}-20`)).toMatchObject({
      flagged: 0,
      registeredFromPopulation: false,
    });
  });
});
