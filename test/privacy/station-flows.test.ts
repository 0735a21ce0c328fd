import { describe, expect, it } from 'vitest';
import {
  DATE,
  callers,
  exact,
  expectWholeWindowsOnly,
  useDifferencingHub,
} from '../support/differencing-hub.js';
import {
  BASE,
  candidates,
  expectPublished,
  minus,
  possible,
} from '../support/disclosure-attack.js';
import { graphql } from '../support/hub.js';

/**
 * Differencing attacks on station and checkpoint flows: hours against their day, shares against
 * totals, forecasts against each other.
 */
const { gatewayUrl } = useDifferencingHub();

/** Station flows on DATE: the day, its hours, its peaks and a forecast of the same day. */
const CITY_MIDNIGHT = Date.parse(`${DATE}T00:00:00+08:00`);
const HOUR_MS = 3_600_000;
const STATION_FLOWS = `query ($date: Date!, $from: DateTime!, $to: DateTime!) {
  stations {
    code
    dailyArrivals(from: $date, to: $date) { arrivals }
    hourlyArrivals(from: $from, to: $to) { arrivals }
    peakHours(date: $date, top: 3) { totalArrivals peakShare windows { arrivals share } }
    arrivalsForecast(from: $from, hours: 24) { totalArrivals hours { arrivals } peakWindows(top: 3) { arrivals share } }
  }
}`;
interface StationFlows {
  code: string;
  dailyArrivals: Array<{ arrivals: number | null }>;
  hourlyArrivals: Array<{ arrivals: number | null }>;
  peakHours: {
    totalArrivals: number | null;
    peakShare: number | null;
    windows: Array<{ arrivals: number | null; share: number | null }>;
  };
  arrivalsForecast: {
    totalArrivals: number | null;
    hours: Array<{ arrivals: number | null }>;
    peakWindows: Array<{ arrivals: number | null; share: number | null }>;
  };
}
async function stationFlows(headers: Record<string, string>) {
  return graphql(
    gatewayUrl(),
    STATION_FLOWS,
    {
      date: DATE,
      from: new Date(CITY_MIDNIGHT).toISOString(),
      to: new Date(CITY_MIDNIGHT + 24 * HOUR_MS).toISOString(),
    },
    headers,
  );
}

describe('exact station and checkpoint flows for callers with personal-data rights', () => {
  it('add up: hours to the day, the forecast to its hours, shares times the total to the arrivals', async () => {
    const response = await stationFlows(await exact());
    expect(response.errors).toBeUndefined();
    const stations = response.data!.stations as StationFlows[];
    const sum = (rows: Array<{ arrivals: number | null }>) =>
      rows.reduce((total, row) => total + row.arrivals!, 0);
    let arrivals = 0;
    for (const station of stations) {
      const day = station.dailyArrivals[0]!.arrivals!;
      arrivals += day;
      expect(sum(station.hourlyArrivals), station.code).toBe(day);
      expect(station.peakHours.totalArrivals).toBe(day);
      expect(station.arrivalsForecast.totalArrivals).toBe(sum(station.arrivalsForecast.hours));
      for (const window of [...station.peakHours.windows, ...station.arrivalsForecast.peakWindows])
        expect(Math.round(window.share! * (day || 1))).toBe(day === 0 ? 0 : window.arrivals);
      if (day > 0)
        expect(station.peakHours.peakShare! * day).toBeCloseTo(sum(station.peakHours.windows));
    }
    // The suite needs hours with few arrivals to attack.
    expect(arrivals).toBeGreaterThan(0);
    expect(
      stations.some((s) => s.hourlyArrivals.some((h) => h.arrivals! > 0 && h.arrivals! % BASE)),
    ).toBe(true);
  });
});

describe.each(callers)(
  'differencing attacks on station and checkpoint flows as %s',
  (name, headers) => {
    it('cannot recover a suppressed hour from the day minus the other hours, nor an hour from a share × total', async () => {
      const response = await stationFlows(await headers());
      if (name === 'anonymous') {
        expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
        return;
      }
      expect(response.errors).toBeUndefined();
      let attacked = 0;
      for (const station of response.data!.stations as StationFlows[]) {
        const day = station.dailyArrivals[0]!.arrivals;
        const counts = [
          day,
          ...station.hourlyArrivals.map((h) => h.arrivals),
          station.peakHours.totalArrivals,
          ...station.peakHours.windows.map((w) => w.arrivals),
          station.arrivalsForecast.totalArrivals,
          ...station.arrivalsForecast.hours.map((h) => h.arrivals),
          ...station.arrivalsForecast.peakWindows.map((w) => w.arrivals),
        ];
        for (const count of counts) expectPublished(count, station.code);
        station.hourlyArrivals.forEach((hour, index) => {
          if (hour.arrivals !== null) return;
          const others = station.hourlyArrivals
            .filter((_, other) => other !== index)
            .map((h) => possible(h.arrivals));
          attacked += 1;
          expect(
            candidates(minus(possible(day), ...others)),
            `${station.code} hour ${index}`,
          ).toBeGreaterThan(1);
        });
        // A share times the published total gives back only the published arrivals, never more.
        for (const [total, windows] of [
          [station.peakHours.totalArrivals, station.peakHours.windows],
          [station.arrivalsForecast.totalArrivals, station.arrivalsForecast.peakWindows],
        ] as const)
          for (const window of windows) {
            if (window.arrivals === null || total === null) {
              expect(window.share, station.code).toBeNull();
              continue;
            }
            expect(window.share! * total, station.code).toBeCloseTo(window.arrivals);
          }
        const { peakShare, totalArrivals } = station.peakHours;
        if (peakShare !== null) {
          const peak = peakShare * totalArrivals!;
          expect(Math.abs(peak - Math.round(peak / BASE) * BASE), station.code).toBeLessThan(1e-6);
        }
      }
      expect(attacked).toBeGreaterThan(0);
    });

    it('gets a forecast only for one whole city day, so no two forecasts differ by a few hours', async () => {
      const iso = (ms: number) => new Date(ms).toISOString();
      await expectWholeWindowsOnly(
        async (variables) =>
          graphql(
            gatewayUrl(),
            'query ($from: DateTime, $hours: Int) { stations { code arrivalsForecast(from: $from, hours: $hours) { totalArrivals } } }',
            variables,
            await headers(),
          ),
        (
          [
            [CITY_MIDNIGHT, 24, true],
            [CITY_MIDNIGHT, 23, false],
            [CITY_MIDNIGHT, 25, false],
            [CITY_MIDNIGHT + HOUR_MS, 24, false],
            [CITY_MIDNIGHT, 48, false],
            [null, 24, false],
          ] as const
        ).map(([from, hours, allowed]) => ({
          label: `${from} + ${hours} h`,
          variables: { from: from === null ? null : iso(from), hours },
          allowed,
        })),
        {
          anonymous: name === 'anonymous',
          published: (data) => {
            for (const station of data.stations)
              expectPublished(station.arrivalsForecast.totalArrivals, station.code);
          },
        },
      );
    });

    it("publishes a checkpoint's people per hour rounded, so hours cannot be differenced from their sum", async () => {
      const response = await graphql(
        gatewayUrl(),
        'query ($from: DateTime!, $to: DateTime!) { checkpoints { code hourlyCounts(from: $from, to: $to) { inboundPeople } } }',
        {
          from: new Date(CITY_MIDNIGHT).toISOString(),
          to: new Date(CITY_MIDNIGHT + 24 * HOUR_MS).toISOString(),
        },
        await headers(),
      );
      if (name === 'anonymous') {
        expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
        return;
      }
      expect(response.errors).toBeUndefined();
      let published = 0;
      for (const checkpoint of response.data!.checkpoints)
        for (const hour of checkpoint.hourlyCounts) {
          expectPublished(hour.inboundPeople, checkpoint.code);
          if (hour.inboundPeople !== null) published += 1;
        }
      expect(published).toBeGreaterThan(0);
    });
  },
);
