import { addDays, syntheticCity } from '@cityhub/synthetic-city';
import { describe, expect, it } from 'vitest';
import { chinaDateOf } from '../src/time.js';
import { passagesFor, splitByWeights, trainsFor } from '../src/seed/generate-traffic.js';
import { CHECKPOINTS, STATIONS } from '../src/seed/places.js';
import { holidayFactor } from '../src/seed/traffic-profile.js';

const city = syntheticCity('demo', 20200210, '2026-11-22');
const shanghaiSouth = STATIONS.find((station) => station.code === 'SNH')!;

function hourlyOf(date: string) {
  const hours = new Array<number>(24).fill(0);
  for (const train of trainsFor(city, shanghaiSouth, date, 1, true)) {
    expect(chinaDateOf(train.actualAt!)).toBe(date);
    hours[new Date(train.actualAt!.getTime() + 8 * 3_600_000).getUTCHours()]! +=
      train.passengers.length;
  }
  return hours;
}

describe('the generated traffic', () => {
  it('gives Shanghai South about 5,000 arrivals a day in February 2020, 09–10 and 12–13 carrying about 40%', () => {
    let total = 0;
    let peaks = 0;
    for (let day = 0; day < 29; day++) {
      const hours = hourlyOf(addDays('2020-02-01', day));
      const ranked = hours
        .map((arrivals, hour) => ({ hour, arrivals }))
        .sort((a, b) => b.arrivals - a.arrivals);
      expect(
        ranked
          .slice(0, 2)
          .map(({ hour }) => hour)
          .sort((a, b) => a - b),
      ).toEqual([9, 12]);
      total += hours.reduce((a, b) => a + b, 0);
      peaks += hours[9]! + hours[12]!;
    }
    expect(total / 29).toBeGreaterThan(4_750);
    expect(total / 29).toBeLessThan(5_250);
    expect(peaks / total).toBeGreaterThan(0.37);
    expect(peaks / total).toBeLessThan(0.43);
  });

  it('shows the Spring Festival: a quiet New Year, then the return wave a week later', () => {
    const day = (date: string) => hourlyOf(date).reduce((a, b) => a + b, 0);
    expect(holidayFactor('2020-01-25')).toBeLessThan(0.5);
    expect(day('2020-02-02')).toBeGreaterThan(day('2020-01-25') * 2.5);
    expect(day('2020-02-02')).toBeGreaterThan(day('2020-02-23') * 1.3);
    expect(holidayFactor('2026-02-25')).toBeGreaterThan(1.5);
  });

  it('is the same every time for the same seed, place and day', () => {
    expect(trainsFor(city, shanghaiSouth, '2020-02-10', 1, true)).toEqual(
      trainsFor(city, shanghaiSouth, '2020-02-10', 1, true),
    );
    expect(passagesFor(city, CHECKPOINTS[0]!, '2020-02-10', 1)).toEqual(
      passagesFor(city, CHECKPOINTS[0]!, '2020-02-10', 1),
    );
    expect(
      trainsFor(
        city,
        STATIONS.find((s) => s.kind === 'METRO_HUB')!,
        '2020-02-10',
        1,
        true,
      ),
    ).toEqual([]);
  });

  it('brings more vehicles in than out during the return wave', () => {
    const passages = CHECKPOINTS.flatMap((checkpoint) =>
      passagesFor(city, checkpoint, '2020-02-02', 1),
    );
    const inbound = passages.filter((p) => p.direction === 'INBOUND').length;
    expect(inbound / passages.length).toBeGreaterThan(0.6);
    expect(passages.every((p) => p.direction === 'INBOUND' || p.idNumbers.length === 0)).toBe(true);
  });

  it('splits a whole number by weights into whole parts that add up', () => {
    expect(splitByWeights(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(splitByWeights(7, [0, 2, 5]).reduce((a, b) => a + b, 0)).toBe(7);
    expect(splitByWeights(5, [0, 0])).toEqual([0, 0]);
  });
});
