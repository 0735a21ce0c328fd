import { beforeAll, describe, expect, it } from 'vitest';
import {
  COLOURS,
  DISTRICT,
  board,
  callers,
  useDifferencingHub,
  type Board,
  type Counts,
} from '../support/differencing-hub.js';
import { BASE, THRESHOLD, candidates, minus, possible } from '../support/disclosure-attack.js';

/**
 * Differencing attacks on the area board through the gateway. For every count published to a
 * caller without exact-figure rights, the attacker combines it with its complements, parents and
 * siblings, knowing the rule (null below 5, otherwise rounded to the nearest 5). Each attack
 * computes the values a suppressed count can still take; none may leave one.
 */
const { gatewayUrl, truth } = useDifferencingHub();

describe('exact figures for callers with personal-data rights', () => {
  it('add up: colours to residents, communities to streets, streets to the district', () => {
    const sum = (areas: Counts[], key: keyof Counts) =>
      areas.reduce((total, area) => total + area[key]!, 0);
    for (const key of ['residentCount', ...COLOURS] as const) {
      expect(sum(truth().streets, key)).toBe(truth().district[key]);
      for (const street of truth().streets) expect(sum(street.communities, key)).toBe(street[key]);
    }
    for (const area of [truth().district, ...truth().streets]) {
      expect(area.green! + area.yellow! + area.red!).toBe(area.residentCount);
    }
    // The suite needs small cells to attack.
    const small = truth()
      .streets.flatMap((s) => s.communities)
      .filter((c) => c.red! > 0);
    expect(small.some((c) => c.red! < THRESHOLD)).toBe(true);
  });
});

describe.each(callers)('differencing attacks as %s', (_name, headers) => {
  let published: Board;
  const areas = () => [
    published.district,
    ...published.streets,
    ...published.streets.flatMap((s) => s.communities),
  ];
  beforeAll(async () => {
    published = await board(gatewayUrl(), await headers());
  });

  it('publishes every count as null or a multiple of 5 at or above the threshold', () => {
    for (const area of areas())
      for (const key of ['residentCount', ...COLOURS] as const) {
        const value = area[key];
        if (value !== null) {
          expect(value % BASE).toBe(0);
          expect(value).toBeGreaterThanOrEqual(THRESHOLD);
        }
      }
  });

  it('cannot recover a suppressed colour from its complement (residents − the other colours)', () => {
    let attacked = 0;
    for (const area of areas()) {
      for (const colour of COLOURS) {
        if (area[colour] !== null) continue;
        const others = COLOURS.filter((c) => c !== colour).map((c) => possible(area[c]));
        const derived = minus(possible(area.residentCount), ...others);
        attacked += 1;
        expect(
          candidates(derived),
          `${'code' in area ? area.code : DISTRICT} ${colour}`,
        ).toBeGreaterThan(1);
      }
    }
    expect(attacked).toBeGreaterThan(0);
  });

  it('cannot recover a suppressed community count from its street minus its siblings', () => {
    let attacked = 0;
    for (const street of published.streets)
      for (const key of ['residentCount', ...COLOURS] as const)
        for (const community of street.communities) {
          if (community[key] !== null) continue;
          const siblings = street.communities
            .filter((c) => c !== community)
            .map((c) => possible(c[key]));
          attacked += 1;
          expect(
            candidates(minus(possible(street[key]), ...siblings)),
            `${community.code} ${key}`,
          ).toBeGreaterThan(1);
        }
    expect(attacked).toBeGreaterThan(0);
  });

  it('cannot recover a suppressed street count from the district minus the other streets', () => {
    for (const key of ['residentCount', ...COLOURS] as const)
      for (const street of published.streets) {
        if (street[key] !== null) continue;
        const others = published.streets.filter((s) => s !== street).map((s) => possible(s[key]));
        expect(candidates(minus(possible(published.district[key]), ...others))).toBeGreaterThan(1);
      }
  });
});
