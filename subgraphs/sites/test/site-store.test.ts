import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/support/database.js';
import { testCity } from '../../../test/support/hub.js';
import { EARTH_RADIUS_METERS } from '../src/rules/geo.js';
import { SiteStore } from '../src/repositories/site-store.js';
import type { SiteFilter } from '../src/repositories/rows.js';
import { constructionSites } from '../src/seed/site-catalogue.js';
import { TEST_STREET, freshSite } from './support.js';

const db = testDatabase('sites');
const sites = new SiteStore(db);
afterAll(() => db.destroy());

const ALL: SiteFilter = { streetCodes: null, kind: null, status: null, name: null, near: null };
const degreesNorth = (meters: number) => (meters / EARTH_RADIUS_METERS) * (180 / Math.PI);

describe('site search on a real PostgreSQL', () => {
  it('finds the seeded construction sites of a street, by kind, in identifier order', async () => {
    const catalogue = constructionSites(testCity());
    // A street where no test creates sites of its own.
    const street = '310104003';
    const expected = catalogue.filter((site) => site.streetCode === street).map((site) => site.id);
    const filter: SiteFilter = { ...ALL, streetCodes: [street], kind: 'CONSTRUCTION' };
    const rows = await sites.sitesPage(filter, 500, null);
    expect(rows.map((row) => row.id)).toEqual(expected);
    expect(await sites.sitesCount(filter)).toBe(expected.length);
    const paged = await sites.sitesPage(filter, 3, expected[2]!);
    expect(paged.map((row) => row.id)).toEqual(expected.slice(3, 6));
    const byStreets = await sites.sitePagesByStreets(
      [street, '310104014'],
      'CONSTRUCTION',
      null,
      2,
      null,
    );
    expect(byStreets.filter((row) => row.streetCode === street).map((row) => row.id)).toEqual(
      expected.slice(0, 2),
    );
  });

  it('finds sites by a part of the name or project, treating % and _ literally', async () => {
    const site = await freshSite(db, { name: `滨江100%_测试${randomBytes(3).toString('hex')}` });
    const rows = await sites.sitesPage({ ...ALL, name: '100%_测试' }, 50, null);
    expect(rows.map((row) => row.id)).toContain(site.id);
    expect(
      rows.every((row) => row.name.includes('100%_测试') || row.project?.includes('100%_测试')),
    ).toBe(true);
  });

  it('includes a site exactly at the radius and excludes one just beyond it', async () => {
    // A place of this test's own, far from the seeded district, so that only its sites are near.
    const centre = {
      latitude: 40 + (randomBytes(2).readUInt16BE() % 1000) / 100,
      longitude: 10 + (randomBytes(2).readUInt16BE() % 1000) / 100,
    };
    const at = await freshSite(db, {
      latitude: centre.latitude + degreesNorth(1000),
      longitude: centre.longitude,
    });
    const beyond = await freshSite(db, {
      latitude: centre.latitude - degreesNorth(1000.05),
      longitude: centre.longitude,
    });
    const inside = await freshSite(db, { latitude: centre.latitude, longitude: centre.longitude });
    const search = async (radiusMeters: number) =>
      (await sites.sitesPage({ ...ALL, near: { ...centre, radiusMeters } }, 50, null)).map(
        (row) => row.id,
      );
    expect(await search(1000)).toEqual([inside.id, at.id]);
    expect(await search(999.99)).toEqual([inside.id]);
    expect(await search(1000.05)).toEqual([inside.id, at.id, beyond.id]);
    expect(await sites.sitesCount({ ...ALL, near: { ...centre, radiusMeters: 1000 } })).toBe(2);
    const [nearest] = await sites.sitesPage(
      { ...ALL, near: { ...centre, radiusMeters: 1000 } },
      1,
      null,
    );
    expect(nearest!.distanceMeters).toBeCloseTo(0, 6);
    const next = await sites.sitesPage(
      { ...ALL, near: { ...centre, radiusMeters: 2000 } },
      5,
      `${nearest!.distanceMeters}/${nearest!.id}`,
    );
    expect(next.map((row) => row.id)).toEqual([at.id, beyond.id]);
    expect(next[0]!.distanceMeters).toBeCloseTo(1000, 3);
  });

  it('lists active construction sites without a report for the date', async () => {
    const site = await freshSite(db);
    const missing = (await sites.sitesWithoutReport('2020-02-10', [TEST_STREET])).map(
      (row) => row.id,
    );
    expect(missing).toContain(site.id);
    await db('daily_reports').insert({
      site_id: site.id,
      report_date: '2020-02-10',
      version: 1,
      submitted_by: 'test',
      headcount: 0,
      new_arrival_count: 0,
    });
    expect(
      (await sites.sitesWithoutReport('2020-02-10', [TEST_STREET])).map((row) => row.id),
    ).not.toContain(site.id);
  });
});
