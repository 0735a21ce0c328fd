import { isValidResidentId } from '@cityhub/kit';
import { describe, expect, it } from 'vitest';
import { syntheticCity } from '../src/presets.js';

describe('the synthetic city', () => {
  it('has Xuhui with its 13 streets and towns and 957 communities', () => {
    const { geography } = syntheticCity('demo', 1, '2020-02-10');
    expect(geography.districts.map((d) => d.code)).toEqual(['310104']);
    expect(geography.streets.map((s) => s.name)).toContain('天平路街道');
    expect(geography.streets.map((s) => s.name)).toContain('华泾镇');
    expect(geography.streets).toHaveLength(13);
    expect(geography.communities).toHaveLength(957);
    expect(new Set(geography.communities.map((c) => c.code)).size).toBe(957);
  });

  it('has 16 districts and 10,806 communities at the city preset', () => {
    const { geography } = syntheticCity('city', 1, '2020-02-10');
    expect(geography.districts).toHaveLength(16);
    expect(geography.communities).toHaveLength(10_806);
  });

  it('makes each person a pure function of seed and index, with valid and unique ID numbers', () => {
    const a = syntheticCity('demo', 7, '2020-02-10');
    const b = syntheticCity('demo', 7, '2020-02-10');
    expect(a.person(1234)).toEqual(b.person(1234));
    expect(syntheticCity('demo', 8, '2020-02-10').person(1234).idNumber).not.toBe(
      a.person(1234).idNumber,
    );
    const ids = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const person = a.person(i);
      expect(isValidResidentId(person.idNumber)).toBe(true);
      ids.add(person.idNumber);
    }
    expect(ids.size).toBe(20_000);
  });

  it('looks like a city: mostly green codes, a few arrivals from key regions, birth dates inside the ID', () => {
    const city = syntheticCity('demo', 7, '2020-02-10');
    const people = Array.from({ length: 10_000 }, (_, i) => city.person(i));
    const green = people.filter((p) => p.healthCode === 'GREEN').length / people.length;
    const arrivals = people.filter((p) => p.arrival).length / people.length;
    expect(green).toBeGreaterThan(0.95);
    expect(arrivals).toBeGreaterThan(0.02);
    expect(arrivals).toBeLessThan(0.06);
    for (const p of people.slice(0, 100))
      expect(p.idNumber.slice(6, 14)).toBe(p.birthDate.replaceAll('-', ''));
  });
});

describe('synthetic enterprises', () => {
  it('have valid, unique credit codes, real representatives and builders at every preset', async () => {
    const { isValidCreditCode } = await import('@cityhub/kit');
    const { enterpriseAt, enterpriseCount, constructionContractorIndexes } =
      await import('../src/enterprises.js');
    const city = syntheticCity('demo', 7, '2020-02-10');
    const count = enterpriseCount(city);
    expect(count).toBe(Math.round(50_000 * (16_584 / 1_100_000)));
    const codes = new Set<string>();
    for (let i = 0; i < count; i++) {
      const enterprise = enterpriseAt(city, i);
      expect(isValidCreditCode(enterprise.creditCode)).toBe(true);
      expect(enterprise.legalRepresentativeIndex).toBeLessThan(city.residentCount);
      codes.add(enterprise.creditCode);
    }
    expect(codes.size).toBe(count);
    expect(enterpriseCount(syntheticCity('district', 7, '2020-02-10'))).toBe(16_584);
    expect(
      constructionContractorIndexes(syntheticCity('test', 7, '2020-02-10')).length,
    ).toBeGreaterThanOrEqual(6);
  });
});
