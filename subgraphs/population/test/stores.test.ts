import { randomBytes } from 'node:crypto';
import { makeResidentId, personIdFor } from '@cityhub/kit';
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/support/database.js';
import { testCity } from '../../../test/support/hub.js';
import { TEST_PERSON_ID_KEY } from '../../../test/support/constants.js';
import { GeographyStore } from '../src/repositories/geography-store.js';
import { ResidentStore } from '../src/repositories/resident-store.js';
import type { HealthCounts } from '../src/repositories/rows.js';

const db = testDatabase('population');
const geography = new GeographyStore(db);
const countsOf = ({ residents, green, yellow, red }: HealthCounts) => ({
  residents,
  green,
  yellow,
  red,
});
const residents = new ResidentStore(db);
afterAll(() => db.destroy());

describe('population stores on the seeded test city', () => {
  it('find the seeded residents by ID number and by hub id, as the generator made them', async () => {
    const person = testCity().person(42);
    const [byNumber] = await residents.residentsByIdNumbers([person.idNumber]);
    expect(byNumber).toMatchObject({
      idNumber: person.idNumber,
      name: person.name,
      communityCode: person.communityCode,
      birthDate: person.birthDate,
    });
    const [byId] = await residents.residentsByIds([
      personIdFor(person.idNumber, TEST_PERSON_ID_KEY),
    ]);
    expect(byId?.idNumber).toBe(person.idNumber);
  });

  it('pages communities of many streets in one statement, in code order', async () => {
    const rows = await geography.communityPagesByStreets(['310104003', '310104103'], 3, null);
    expect(rows.map((row) => row.code)).toEqual([
      '3101040030001',
      '3101040030002',
      '3101040030003',
      '3101041030001',
      '3101041030002',
      '3101041030003',
    ]);
    const next = await geography.communityPagesByStreets(['310104003'], 2, '3101040030002');
    expect(next.map((row) => row.code)).toEqual(['3101040030003', '3101040030004']);
  });

  it('keep community counts equal to a full count of residents', async () => {
    const [counted] = await db('community_counts').sum({
      residents: 'residents',
      green: 'green',
      yellow: 'yellow',
      red: 'red',
    });
    const [actual] = await db('residents').select(
      db.raw('count(*) AS residents'),
      db.raw(`count(*) FILTER (WHERE health_code = 'GREEN') AS green`),
      db.raw(`count(*) FILTER (WHERE health_code = 'YELLOW') AS yellow`),
      db.raw(`count(*) FILTER (WHERE health_code = 'RED') AS red`),
    );
    expect(counted).toEqual(actual);
    expect(Number(actual.residents)).toBe(testCity().residentCount);
  });

  it('move a resident between colours in the counts when the health code changes', async () => {
    const community = '3101040100007';
    const idNumber = makeResidentId(
      '420106',
      `19${String(10 + (randomBytes(1)[0]! % 80)).padStart(2, '0')}-05-17`,
      randomBytes(2).readUInt16BE() % 1000,
    );
    const id = personIdFor(idNumber, `isolated-${randomBytes(8).toString('hex')}`);
    const before = countsOf((await geography.communitiesByCodes([community]))[0]!);
    await db('residents').insert({
      id,
      id_number: idNumber,
      name: '测试',
      gender: 'MALE',
      birth_date: `${idNumber.slice(6, 10)}-05-17`,
      phone: '13800000000',
      origin_code: '420106',
      community_code: community,
      address: '测试路1号',
      health_code: 'GREEN',
      health_code_changed_at: new Date(),
    });
    await db('residents').where({ id }).update({ health_code: 'RED' });
    const after = countsOf((await geography.communitiesByCodes([community]))[0]!);
    expect(after.residents - before.residents).toBe(1);
    expect(after.red - before.red).toBe(1);
    expect(after.green - before.green).toBe(0);
    await db('residents').where({ id }).delete();
    expect(countsOf((await geography.communitiesByCodes([community]))[0]!)).toEqual(before);
  });

  it('count key-region arrivals per street for many streets in one statement', async () => {
    const city = testCity();
    const expected = new Map<string, number>();
    for (let i = 0; i < city.residentCount; i++) {
      const person = city.person(i);
      if (person.arrival)
        expected.set(person.streetCode, (expected.get(person.streetCode) ?? 0) + 1);
    }
    const rows = await residents.arrivalCountsBy(
      'street_code',
      [...expected.keys()],
      '2000-01-01',
      '2100-01-01',
    );
    expect(new Map(rows.map((row) => [row.key, row.total]))).toEqual(expected);
  });
});
