import { describe, expect, it } from 'vitest';
import { hourlySeries, peakWindows, staffingPlan, totalOf } from '../src/managers/hourly-flow.js';
import { chinaDateOf, chinaDayStart, hourIndexOf } from '../src/time.js';
import {
  dailyWindow,
  forecastWindow,
  hourlyWindow,
  requireCheckerCapacity,
  requireTop,
} from '../src/managers/flow-windows.js';

const day = chinaDayStart('2020-02-10');
const hourOf = (h: number) => hourIndexOf(day) + h;

describe('hourly flow rules', () => {
  it('lists every hour of the window with zeros where nothing arrives', () => {
    const series = hourlySeries(
      day,
      24,
      new Map([
        [hourOf(9), 120],
        [hourOf(12), 80],
      ]),
    );
    expect(series).toHaveLength(24);
    expect(series[0]!.hour.toISOString()).toBe('2020-02-09T16:00:00.000Z');
    expect(series.map((hour) => hour.arrivals).filter((n) => n > 0)).toEqual([120, 80]);
    expect(totalOf(series)).toBe(200);
  });

  it('finds the busiest hours with their shares, busiest first, earlier hour winning a tie', () => {
    const counts = new Map([
      [hourOf(8), 50],
      [hourOf(9), 200],
      [hourOf(12), 200],
      [hourOf(18), 50],
    ]);
    const peaks = peakWindows(hourlySeries(day, 24, counts), 2);
    expect(
      peaks.map((peak) => [
        chinaDateOf(peak.start),
        peak.start.getTime() - day.getTime(),
        peak.arrivals,
        peak.share,
      ]),
    ).toEqual([
      ['2020-02-10', 9 * 3_600_000, 200, 0.4],
      ['2020-02-10', 12 * 3_600_000, 200, 0.4],
    ]);
    expect(peaks[0]!.end.getTime() - peaks[0]!.start.getTime()).toBe(3_600_000);
    expect(peakWindows(hourlySeries(day, 24, new Map()), 2)).toEqual([]);
  });

  it('rounds checkers up in every hour and totals them', () => {
    const plan = staffingPlan(
      hourlySeries(
        day,
        3,
        new Map([
          [hourOf(0), 300],
          [hourOf(1), 301],
          [hourOf(2), 0],
        ]),
      ),
      300,
    );
    expect(plan.hours.map((hour) => hour.checkers)).toEqual([1, 2, 0]);
    expect(plan.peakCheckers).toBe(2);
    expect(plan.checkerHours).toBe(3);
  });

  it('refuses hours outside 1–72, windows over 7 days or reversed, and bad capacities with BAD_USER_INPUT', () => {
    const now = new Date('2020-02-10T09:41:00+08:00');
    expect(forecastWindow(null, null, now)).toEqual({
      from: new Date('2020-02-10T09:00:00+08:00'),
      hours: 24,
    });
    for (const hours of [0, 73, -1])
      expect(() => forecastWindow(null, hours, now)).toThrow(
        expect.objectContaining({
          extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', argumentName: 'hours' }),
        }),
      );
    expect(forecastWindow(null, 72, now).hours).toBe(72);
    expect(() =>
      hourlyWindow(new Date('2020-02-01T00:00:00Z'), new Date('2020-02-08T00:00:01Z')),
    ).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ argumentName: 'to' }) }),
    );
    expect(
      hourlyWindow(
        new Date('2020-02-01T00:00:00Z'),
        new Date('2020-02-08T00:00:00Z'),
      ).to.toISOString(),
    ).toBe('2020-02-08T00:00:00.000Z');
    expect(() =>
      hourlyWindow(new Date('2020-02-02T00:00:00Z'), new Date('2020-02-01T00:00:00Z')),
    ).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ argumentName: 'from' }) }),
    );
    expect(() => dailyWindow('2020-01-01', '2021-01-02')).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ argumentName: 'to' }) }),
    );
    expect(dailyWindow('2020-02-01', '2020-02-29').days).toBe(29);
    expect(() => requireCheckerCapacity(0)).toThrow(
      expect.objectContaining({
        extensions: expect.objectContaining({ argumentName: 'passengersPerCheckerHour' }),
      }),
    );
    expect(() => requireTop(25)).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ argumentName: 'top' }) }),
    );
  });
});
