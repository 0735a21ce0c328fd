import { makeResidentId, personIdFor } from '@cityhub/kit';
import { describe, expect, it } from 'vitest';
import { problemsOf } from '../../../test/support/problems.js';
import {
  MAX_RADIUS_METERS,
  boundingBox,
  checkNearPoint,
  distanceMeters,
} from '../src/rules/geo.js';
import {
  checkReport,
  deriveReport,
  isScreenedArrival,
  type WorkerInput,
} from '../src/rules/report-rules.js';

const KEY = 'unit-test-key';
const site = { kind: 'CONSTRUCTION', status: 'ACTIVE' };
const worker = (origin: string, sequence: number, arrivedOn = '2020-02-01'): WorkerInput => ({
  idNumber: makeResidentId(origin, '1985-03-04', sequence),
  name: '张三',
  originCode: origin,
  arrivedOn,
});

describe('checking a daily report', () => {
  it('accepts a clean report and derives the hub id of each worker from the ID number', () => {
    const input = {
      reportDate: '2020-02-10',
      workers: [worker('420106', 11), worker('340102', 12)],
    };
    const workers = checkReport(input, site, '2020-02-10', KEY);
    expect(workers.map((w) => w.personId)).toEqual(
      input.workers.map((w) => personIdFor(w.idNumber, KEY)),
    );
    expect(workers.map((w) => w.fromKeyRegion)).toEqual([true, false]);
  });

  it('collects every problem, per worker, and refuses the report whole when there is any', async () => {
    const good = worker('340102', 21);
    const badCheck = {
      ...worker('340102', 22),
      idNumber: good.idNumber.slice(0, 17) + (good.idNumber[17] === '1' ? '2' : '1'),
    };
    const input = {
      reportDate: '2020-02-10',
      workers: [
        good,
        badCheck,
        { ...good, name: '李四' },
        { ...worker('340102', 23), arrivedOn: '2020-02-11' },
        { ...worker('340102', 24), originCode: '34' },
        { ...worker('340102', 25), name: ' ' },
      ],
    };
    expect(await problemsOf(() => checkReport(input, site, '2020-02-10', KEY))).toEqual([
      {
        field: 'input.workers[1].idNumber',
        reason: 'a resident ID number has a wrong check character',
      },
      { field: 'input.workers[2].idNumber', reason: 'listed twice: already worker 0' },
      { field: 'input.workers[3].arrivedOn', reason: 'is after the report date' },
      {
        field: 'input.workers[4].originCode',
        reason: 'a county code must be 6 digits for a district',
      },
      { field: 'input.workers[5].name', reason: 'must not be empty' },
    ]);
  });

  it('refuses a report for the future, for an unknown site and for a venue', async () => {
    const input = { reportDate: '2020-02-11', workers: [worker('340102', 31)] };
    expect(await problemsOf(() => checkReport(input, site, '2020-02-10', KEY))).toEqual([
      { field: 'input.reportDate', reason: 'is in the future (today is 2020-02-10)' },
    ]);
    expect(await problemsOf(() => checkReport(input, null, '2020-02-11', KEY))).toEqual([
      { field: 'input.siteId', reason: 'no such site' },
    ]);
    const venue = { kind: 'MALL', status: 'ACTIVE' };
    expect((await problemsOf(() => checkReport(input, venue, '2020-02-11', KEY)))[0]!.field).toBe(
      'input.siteId',
    );
  });
});

describe('deriving a report', () => {
  const checked = (inputs: WorkerInput[], reportDate = '2020-02-10') =>
    checkReport({ reportDate, workers: inputs }, site, reportDate, KEY);

  it('counts as new the workers the previous report did not list, everyone on a first report', () => {
    const [a, b, c] = checked([worker('340102', 41), worker('420106', 42), worker('330102', 43)]);
    expect(deriveReport([a!, b!, c!], new Set(), '2020-02-10')).toMatchObject({
      headcount: 3,
      newArrivalCount: 3,
    });
    expect(
      deriveReport([a!, b!, c!], new Set([a!.personId, 'someone-who-left']), '2020-02-10'),
    ).toMatchObject({ headcount: 3, newArrivalCount: 2, isNew: [false, true, true] });
  });

  it('screens exactly the new arrivals from key regions that arrived fewer than 14 days before', () => {
    const workers = checked([
      worker('420106', 51, '2020-01-28'),
      worker('420106', 52, '2020-01-27'),
      worker('340102', 53, '2020-02-10'),
      worker('420111', 54, '2020-02-10'),
      worker('420106', 55, '2020-02-09'),
    ]);
    const previous = new Set([workers[4]!.personId]);
    expect(deriveReport(workers, previous, '2020-02-10').needsScreening).toEqual([
      true,
      false,
      false,
      true,
      false,
    ]);
    expect(isScreenedArrival({ fromKeyRegion: true, arrivedOn: '2020-02-10' }, '2020-02-10')).toBe(
      true,
    );
    expect(isScreenedArrival({ fromKeyRegion: true, arrivedOn: '2020-02-11' }, '2020-02-10')).toBe(
      false,
    );
  });
});

describe('nearby search geometry', () => {
  it('measures along a meridian as the arc length', () => {
    const oneKmNorth = 31.2 + (1000 / 6_371_008.8) * (180 / Math.PI);
    expect(
      distanceMeters(
        { latitude: 31.2, longitude: 121.44 },
        { latitude: oneKmNorth, longitude: 121.44 },
      ),
    ).toBeCloseTo(1000, 6);
  });

  it('puts every point of the circle inside the bounding box', () => {
    const near = { latitude: 31.19, longitude: 121.44, radiusMeters: 5000 };
    const box = boundingBox(near);
    for (let bearing = 0; bearing < 360; bearing += 15) {
      const rad = (bearing * Math.PI) / 180;
      const latitude = near.latitude + ((5000 * Math.cos(rad)) / 6_371_008.8) * (180 / Math.PI);
      const longitude =
        near.longitude +
        ((5000 * Math.sin(rad)) / (6_371_008.8 * Math.cos((near.latitude * Math.PI) / 180))) *
          (180 / Math.PI);
      expect(latitude).toBeGreaterThanOrEqual(box.minLatitude);
      expect(latitude).toBeLessThanOrEqual(box.maxLatitude);
      expect(longitude).toBeGreaterThanOrEqual(box.minLongitude);
      expect(longitude).toBeLessThanOrEqual(box.maxLongitude);
    }
  });

  it('refuses a radius above 50 km, or not above 0, with BAD_USER_INPUT', () => {
    expect(
      checkNearPoint({ latitude: 31.19, longitude: 121.44, radiusMeters: MAX_RADIUS_METERS })
        .radiusMeters,
    ).toBe(50_000);
    for (const radiusMeters of [50_000.5, 0, -1, Number.NaN]) {
      expect(() =>
        checkNearPoint({ latitude: 31.19, longitude: 121.44, radiusMeters }),
      ).toThrowError(
        expect.objectContaining({
          extensions: expect.objectContaining({
            code: 'BAD_USER_INPUT',
            argumentName: 'near.radiusMeters',
          }),
        }),
      );
    }
  });
});
