import { mkdir } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { shiftDate } from '@cityhub/kit';
import { REPOSITORY_ROOT, type InProcessHub } from '@cityhub/launcher';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH, browserPlan } from './support/browser.js';
import { TEST_REFERENCE_DATE } from './support/constants.js';
import { authHeaders, graphql, startTestHub, testCity, testToken } from './support/hub.js';
import { modulesWithRiskRuns } from './support/risk-hub.js';
import { screenApiKey } from './support/screen-callers.js';
import {
  expectLayoutFits,
  expectLiveWorkOrders,
  expectResumptionTrend,
  expectSameDocument,
  expectWorkOrders,
  markDocument,
} from './support/screen-panels.js';

// A night of its own, long before the days other test files assess, so that its case reports
// (counted over 14 days) change no other file's scores.
const NIGHT = shiftDate(TEST_REFERENCE_DATE, -40);
const COLORS = { RED: '#e5484d', YELLOW: '#f5c518', BLUE: '#3e7bfa' } as const;
const SCREENSHOTS = `${REPOSITORY_ROOT}test/screenshots`;

let hub: InProcessHub;
let origin = '';
let browser: Browser;
const residents = residentOfEachCommunity();
const official = () => authHeaders({ roles: ['district-official', 'health-commission'] });

/** Starts the model for a night through the API, as an official would, and waits for it. */
async function runRiskModel(date: string): Promise<void> {
  const started = await graphql(
    hub.gateway.url,
    'mutation ($date: Date) { startRiskRun(date: $date) { id } }',
    { date },
    await official(),
  );
  expect(started.errors).toBeUndefined();
  const id = started.data!.startRiskRun.id;
  for (let attempt = 0; attempt < 600; attempt++) {
    const run = await graphql(hub.gateway.url, 'query ($id: ID!) { riskRun(id: $id) { status } }', {
      id,
    });
    const status = run.data?.riskRun?.status;
    if (status === 'SUCCEEDED') return;
    // The risk process busy with the run may miss a poll on a loaded machine: ask again.
    const busy = run.errors?.every((e: any) => e.extensions?.code === 'SUBGRAPH_UNAVAILABLE');
    if (status !== 'RUNNING' && !busy) throw new Error(`risk run ${id}: ${JSON.stringify(run)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`risk run ${id} did not finish`);
}

/** One resident's ID number per community of the test city, for case reports. */
function residentOfEachCommunity(): Map<string, string> {
  const city = testCity();
  const residents = new Map<string, string>();
  for (let i = 0; i < city.residentCount; i++) {
    const person = city.person(i);
    residents.set(person.communityCode, person.idNumber);
  }
  return residents;
}

// Points the model gives: confirmed (20 at two), suspected (12 at three), close contacts (10),
// home quarantine (8) and fever-clinic visits (7) in a community of a few residents.
const EXPOSED = ['CONFIRMED', 'CONFIRMED', 'SUSPECTED', 'SUSPECTED', 'SUSPECTED', 'CLOSE_CONTACT'];
const CLUSTER = [...EXPOSED, 'HOME_QUARANTINE', 'HOME_QUARANTINE', 'FEVER_CLINIC_VISIT'];

/** The health commission's case reports (through the API) of one resident per community. */
async function reportCases(cases: Array<[community: string, kinds: string[]]>): Promise<void> {
  const batch = randomBytes(4).toString('hex');
  const reports = cases.flatMap(([community, kinds]) =>
    kinds.map((kind, n) => ({
      recordId: `screen-${batch}-${community}-${n}`,
      idNumber: residents.get(community),
      kind,
      reportedOn: shiftDate(NIGHT, -(n % 5)),
      communityCode: community,
    })),
  );
  // In batches: a request body stays under the gateway's 100 KB.
  for (let i = 0; i < reports.length; i += 200) {
    const ingested = await graphql(
      hub.gateway.url,
      'mutation ($reports: [CaseReportInput!]!) { ingestCaseReports(reports: $reports) { applied } }',
      { reports: reports.slice(i, i + 200) },
      await authHeaders({ subject: 'case-system', roles: ['case-report-feed'] }, null),
    );
    expect(ingested.errors).toBeUndefined();
    expect(ingested.data!.ingestCaseReports.applied).toBe(reports.slice(i, i + 200).length);
  }
}

/** How many communities the map draws in each risk colour: <path> elements of the SVG map. */
function colouredCommunities(page: Page): Promise<Record<string, number>> {
  return page.evaluate(
    (colors) => {
      const counts: Record<string, number> = {};
      for (const path of document.querySelectorAll('#map path')) {
        const level = Object.keys(colors).find(
          (key) => path.getAttribute('fill')?.toLowerCase() === colors[key],
        );
        if (level) counts[level] = (counts[level] ?? 0) + 1;
      }
      return counts;
    },
    COLORS as Record<string, string>,
  );
}

const total = (counts: Record<string, number>) =>
  Object.values(counts).reduce((sum, n) => sum + n, 0);

describe.skipIf(!browserPlan().run)('the operations-centre screen in Chromium', () => {
  beforeAll(async () => {
    const modules = await modulesWithRiskRuns(() => hub.gateway.url);
    [hub, browser] = await Promise.all([
      // The event layer on the embedded PostgreSQL bus: the screen follows the live stream.
      startTestHub(undefined, {
        modules,
        events: { pollMs: 200, databaseUrl: inject('databaseUrl') },
      }),
      chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS }),
    ]);
    origin = new URL(hub.gateway.url).origin;
    // A night with clusters and exposed communities among calm ones, as the demo's seed has.
    const communities = [...residents.keys()].sort();
    await reportCases(
      communities.flatMap((code, i): Array<[string, string[]]> =>
        i % 31 === 0 ? [[code, CLUSTER]] : i % 13 === 0 ? [[code, EXPOSED]] : [],
      ),
    );
    await runRiskModel(NIGHT);
    await mkdir(SCREENSHOTS, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
  });

  it('answers each community’s boundary as public GeoJSON, by district and by street', async () => {
    const { data, errors } = await graphql(
      hub.gateway.url,
      '{ district(code: "310104") { geojson streets { code geojson } } }',
      undefined,
      {},
    );
    expect(errors).toBeUndefined();
    const features = data!.district.geojson.features;
    expect(data!.district.geojson.type).toBe('FeatureCollection');
    expect(features).toHaveLength(957);
    expect(new Set(features.map((f: any) => f.properties.code)).size).toBe(957);
    expect(new Set(features.map((f: any) => f.geometry.type))).toEqual(new Set(['Polygon']));
    const city = testCity().geography;
    for (const street of data!.district.streets) {
      const codes = street.geojson.features.map((f: any) => f.id);
      expect(codes).toEqual(
        city.communities.filter((c) => c.streetCode === street.code).map((c) => c.code),
      );
    }
  });

  it('serves the page and ECharts from the hub itself, under a policy that lets it call nowhere else', async () => {
    const page = await fetch(`${origin}/screen`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/connect-src 'self'/);
    expect(await page.text()).toContain('<script src="/screen/echarts.min.js">');
    const charts = await fetch(`${origin}/screen/echarts.min.js`, {
      headers: { 'accept-encoding': 'br' },
    });
    expect(charts.headers.get('content-type')).toMatch(/javascript/);
    expect((await charts.text()).length).toBeGreaterThan(500_000);
    expect((await fetch(`${origin}/screen/nothing.js`)).status).toBe(404);
  });

  it('shows 957 communities in the night’s colours to a viewer, and a level change made through the API without a reload', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const elsewhere: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(origin)) elsewhere.push(request.url());
    });
    const viewer = await testToken({ roles: ['viewer'] });
    await page.goto(`${origin}/screen?date=${NIGHT}#token=${viewer}`);
    await page.waitForFunction(() => document.body.dataset.ready === 'yes');
    await page.waitForFunction(() => document.getElementById('live')?.className === 'on');
    const before = await colouredCommunities(page);
    expect(total(before)).toBe(957);
    // The map agrees with the hub's own figures for the night.
    const riskMap = await graphql(
      hub.gateway.url,
      'query ($date: Date) { district(code: "310104") { riskMap(date: $date) { communities { communityCode score level } } } }',
      { date: NIGHT },
    );
    const points: Array<{ communityCode: string; score: number; level: keyof typeof COLORS }> =
      riskMap.data!.district.riskMap.communities;
    for (const level of Object.keys(COLORS))
      expect(before[level] ?? 0).toBe(points.filter((p) => p.level === level).length);
    // A viewer may not see sites, and gets the staffing plan as an estimate.
    expect(await page.textContent('#sites-note')).toMatch(/may not see sites/);
    expect(await page.textContent('#arrivals-note')).toMatch(/estimated/);

    // The health commission reports cases in the calmest community that has a resident, and the
    // model runs again through the API: the community leaves BLUE (42 points at least: YELLOW).
    const calm = points
      .filter((p) => p.level === 'BLUE' && residents.has(p.communityCode))
      .sort((a, b) => a.score - b.score)[0]!;
    await reportCases([[calm.communityCode, [...EXPOSED, 'CLOSE_CONTACT']]]);
    await markDocument(page);
    await runRiskModel(NIGHT);
    await page.waitForFunction(
      (code) => document.querySelector(`#changes li[data-community="${code}"]`) !== null,
      calm.communityCode,
      { timeout: 30_000 },
    );
    const after = await colouredCommunities(page);
    expect(total(after)).toBe(957);
    expect(after.BLUE).toBe(before.BLUE! - 1);
    expect((after.RED ?? 0) + (after.YELLOW ?? 0)).toBe(
      (before.RED ?? 0) + (before.YELLOW ?? 0) + 1,
    );
    expect(await page.textContent('#changes')).toMatch(/低风险 → (高|中)风险/);
    await expectSameDocument(page);
    // Resumption by street with its 30-day trend, and open and overdue work orders, as drawn.
    await expectResumptionTrend(page, hub.gateway.url, { authorization: `Bearer ${viewer}` });
    await expectWorkOrders(page, hub.gateway.url, { authorization: `Bearer ${viewer}` });
    expect(elsewhere).toEqual([]);
    await expectLayoutFits(page, true);
    await page.screenshot({ path: `${SCREENSHOTS}/screen-wall.png` });
    await page.close();
  });

  it('fits a laptop, signed in with an API key that may see sites and the hub’s staffing plan', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const key = await screenApiKey(hub.gateway.url, 'operations-screen', [
      'sites:read',
      'transport:read',
      'dispatch:read',
    ]);
    await page.goto(`${origin}/screen?date=${NIGHT}#key=${key}`);
    await page.waitForFunction(() => document.getElementById('live')?.className === 'on');
    await page.waitForFunction(() => document.body.dataset.ready === 'yes');
    expect(await page.textContent('#sites-note')).toMatch(/\d+ active sites, \d+ on site today/);
    expect(await page.textContent('#arrivals-note')).toMatch(/the hub’s staffing plan/);
    expect(total(await colouredCommunities(page))).toBe(957);
    // The key left the address bar; the page keeps it for the tab only.
    expect(page.url()).not.toContain(key);
    expect(await page.textContent('#caller')).toBe('API key');
    // A street official opens work orders through the API: the key (dispatch:read) gets their
    // events on the stream, and the panel shows the hub's new counts without a reload.
    await markDocument(page);
    const street = testCity().geography.streets[0]!.code;
    const opened = await expectLiveWorkOrders(
      page,
      hub.gateway.url,
      { 'x-api-key': key },
      await authHeaders({ roles: ['street-official'], streets: [street], subject: 'screen-e2e' }),
      street,
    );
    expect(opened).toBeGreaterThan(0);
    await expectSameDocument(page);
    // Two columns: the arrivals panel sits under the map, not beside it.
    const [map, arrivals] = await Promise.all(
      ['#map-panel', '#arrivals-panel'].map((selector) => page.locator(selector).boundingBox()),
    );
    expect(arrivals!.y).toBeGreaterThan(map!.y + map!.height - 1);
    await expectLayoutFits(page, false);
    await page.screenshot({ path: `${SCREENSHOTS}/screen-laptop.png`, fullPage: true });
    await page.close();
  });
});
