import { shiftDate } from '@cityhub/kit';
import { describe, expect, it } from 'vitest';
import { TEST_REFERENCE_DATE } from '../support/constants.js';
import {
  DATE,
  DISTRICT,
  callers,
  expectWholeWindowsOnly,
  useDifferencingHub,
} from '../support/differencing-hub.js';
import { BASE, THRESHOLD, expectPublished } from '../support/disclosure-attack.js';
import { graphql } from '../support/hub.js';

/**
 * Differencing over windows and ranges: counts come only for whole weeks, hours, city days and
 * published age bands, so that no two windows an attacker may ask for differ by a few people.
 */
const { gatewayUrl, truth } = useDifferencingHub();
const iso = (ms: number) => new Date(ms).toISOString();
const HOUR_MS = 3_600_000;
/** Windows between two instants, each allowed or refused, as expectWholeWindowsOnly takes them. */
const instantWindows = (windows: Array<[from: number, to: number, allowed: boolean]>) =>
  windows.map(([from, to, allowed]) => ({
    label: `${iso(from)}..${iso(to)}`,
    variables: { from: iso(from), to: iso(to) },
    allowed,
  }));

describe.each(callers)('differencing attacks as %s', (name, headers) => {
  const ask = (query: string) => async (variables: Record<string, unknown>) =>
    graphql(gatewayUrl(), query, variables, await headers());

  it('gets counts over windows only for whole ISO weeks, so no two windows differ by a few days', async () => {
    const community = truth().streets[0]!.communities[0]!.code;
    // TEST_REFERENCE_DATE's week: find its Monday.
    const day = new Date(`${TEST_REFERENCE_DATE}T00:00:00Z`);
    const monday = shiftDate(TEST_REFERENCE_DATE, -((day.getUTCDay() + 6) % 7) - 7);
    const areas = ['community', 'street', 'district'];
    await expectWholeWindowsOnly(
      ask(
        `query ($code: ID!, $from: Date!, $to: Date!) { community(code: $code) { keyRegionArrivalCount(from: $from, to: $to) } street(code: "${community.slice(0, 9)}") { keyRegionArrivalCount(from: $from, to: $to) } district(code: "${DISTRICT}") { keyRegionArrivalCount(from: $from, to: $to) } }`,
      ),
      (
        [
          [monday, shiftDate(monday, 6), true],
          [monday, shiftDate(monday, 5), false],
          [shiftDate(monday, 1), shiftDate(monday, 6), false],
          [monday, shiftDate(monday, 7), false],
          [shiftDate(monday, -7), shiftDate(monday, 6), false],
        ] as const
      ).map(([from, to, allowed]) => ({
        label: `${from}..${to}`,
        variables: { code: community, from, to },
        allowed,
      })),
      {
        published: (data) => {
          for (const area of areas) {
            const value = data[area].keyRegionArrivalCount;
            if (value !== null) expect(value % BASE).toBe(0);
          }
        },
        refused: (data) => {
          for (const area of areas) expect(data?.[area]?.keyRegionArrivalCount ?? null).toBeNull();
        },
      },
    );
  });

  it('gets people checked at a checkpoint only for whole hours, so no two windows differ by minutes', async () => {
    const hour = Date.parse(`${DATE}T02:00:00Z`);
    const minute = 60_000;
    await expectWholeWindowsOnly(
      ask(
        'query ($from: DateTime!, $to: DateTime!) { checkpoints { code peopleChecked(from: $from, to: $to) } }',
      ),
      instantWindows([
        [hour, hour + 60 * minute, true],
        [hour, hour + 59 * minute, false],
        [hour + minute, hour + 61 * minute, false],
        [hour, hour + 120 * minute, false],
      ]),
      {
        anonymous: name === 'anonymous',
        published: (data) => {
          for (const checkpoint of data.checkpoints)
            expectPublished(checkpoint.peopleChecked, checkpoint.code);
        },
      },
    );
  });

  it("gets a station's arrivals by origin only for whole city days, so no two windows differ by minutes", async () => {
    const midnight = Date.parse(`${DATE}T00:00:00+08:00`);
    await expectWholeWindowsOnly(
      ask(
        'query ($from: DateTime!, $to: DateTime!) { stations { code arrivalsByOrigin(from: $from, to: $to) { originCode arrivals } } }',
      ),
      instantWindows([
        [midnight, midnight + 24 * HOUR_MS, true],
        [midnight, midnight + 24 * HOUR_MS - 1_000, false],
        [midnight + HOUR_MS, midnight + 25 * HOUR_MS, false],
        [midnight, midnight + 48 * HOUR_MS, false],
      ]),
      {
        anonymous: name === 'anonymous',
        published: (data) => {
          for (const station of data.stations)
            for (const origin of station.arrivalsByOrigin) {
              // A region that shows up has at least 5 arrivals: its presence says nothing smaller.
              expect(origin.arrivals).toBeGreaterThanOrEqual(THRESHOLD);
              expect(origin.arrivals % BASE).toBe(0);
            }
        },
      },
    );
  });

  it('gets age counts only for the published bands, so no age can be differenced out', async () => {
    const community = truth().streets[0]!.communities[0]!.code;
    await expectWholeWindowsOnly(
      ask(
        'query ($code: ID!, $minAge: Int!) { community(code: $code) { residentCountAged(minAge: $minAge) } }',
      ),
      (
        [
          [60, true],
          [65, true],
          [80, true],
          [66, false],
          [64, false],
          [0, false],
        ] as const
      ).map(([minAge, allowed]) => ({
        label: `minAge ${minAge}`,
        variables: { code: community, minAge },
        allowed,
      })),
      {
        published: (data) => {
          const value = data.community.residentCountAged;
          if (value !== null) expect(value % BASE).toBe(0);
        },
      },
    );
  });
});
