import { cityDate, shiftDate } from '@cityhub/kit';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { graphql } from './hub.js';
import { openWorkOrder } from './screen-callers.js';

interface DrawnSeries {
  name: string;
  data: Array<number | null>;
}

/** The series an ECharts chart of the screen draws now (the page's own `charts`, by element id). */
function drawnSeries(page: Page, id: string): Promise<DrawnSeries[]> {
  return page.evaluate(
    `charts[${JSON.stringify(id)}].getOption().series.map((s) => ({ name: s.name, data: s.data }))`,
  );
}

/** How many <path> elements with a stroke the chart's SVG holds: what the wall actually shows. */
function strokedPaths(page: Page, id: string): Promise<number> {
  return page.evaluate(
    (selector) =>
      [...document.querySelectorAll(`${selector} path`)].filter((path) => {
        const stroke = path.getAttribute('stroke');
        return stroke && stroke !== 'none' && (path.getAttribute('d') ?? '').length > 40;
      }).length,
    `#${id}`,
  );
}

const percent = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);

/**
 * The resumption panel draws, as the hub answers them to the same caller, every street's rate over
 * the last 30 days (to yesterday) and the district's in bold: real points, not an empty frame.
 */
export async function expectResumptionTrend(
  page: Page,
  gatewayUrl: string,
  headers: Record<string, string>,
): Promise<void> {
  const yesterday = shiftDate(cityDate(), -1);
  const answer = await graphql(
    gatewayUrl,
    `
      query ($from: Date!, $to: Date!) {
        district(code: "310104") {
          name
          resumptionSeries(from: $from, to: $to) {
            points {
              resumptionRate
            }
          }
          streets {
            name
            resumptionSeries(from: $from, to: $to) {
              points {
                resumptionRate
              }
            }
          }
        }
      }
    `,
    { from: shiftDate(yesterday, -29), to: yesterday },
    headers,
  );
  expect(answer.errors).toBeUndefined();
  const district = answer.data!.district;
  // Drawn once the panel's query is answered (retried by the page if a department was slow).
  await page.waitForFunction(
    "typeof charts === 'object' && !!charts['resumption-trend'] && charts['resumption-trend'].getOption().series.length > 0",
    undefined,
    { timeout: 60_000 },
  );
  const series = await drawnSeries(page, 'resumption-trend');
  expect(series).toHaveLength(district.streets.length + 1);
  const expected = (points: Array<{ resumptionRate: number | null }>) =>
    points.map((p) => percent(p.resumptionRate));
  const bold = series.find((s) => s.name === district.name)!;
  expect(bold.data).toHaveLength(30);
  expect(bold.data).toEqual(expected(district.resumptionSeries.points));
  expect(bold.data.filter((value) => value !== null).length).toBeGreaterThan(20);
  for (const street of district.streets)
    expect(series.find((s) => s.name === street.name)!.data).toEqual(
      expected(street.resumptionSeries.points),
    );
  expect(await strokedPaths(page, 'resumption-trend')).toBeGreaterThanOrEqual(series.length);
}

/** Open and overdue orders of the district as the hub counts them for this caller. */
export async function workOrderTotals(gatewayUrl: string, headers: Record<string, string>) {
  const answer = await graphql(
    gatewayUrl,
    '{ district(code: "310104") { streets { name workOrderStats { open overdue } } } }',
    undefined,
    headers,
  );
  expect(answer.errors).toBeUndefined();
  const streets: Array<{ name: string; workOrderStats: { open: number; overdue: number } }> =
    answer.data!.district.streets;
  const sum = (key: 'open' | 'overdue') =>
    streets.reduce((total, s) => total + (s.workOrderStats[key] ?? 0), 0);
  return { streets, open: sum('open'), overdue: sum('overdue') };
}

/** The work-order panel's figures and bars agree with the hub's counts, street by street. */
export async function expectWorkOrders(
  page: Page,
  gatewayUrl: string,
  headers: Record<string, string>,
): Promise<void> {
  const totals = await workOrderTotals(gatewayUrl, headers);
  expect(totals.open).toBeGreaterThan(0);
  expect(await shownOrderFigures(page)).toEqual([totals.open, totals.overdue]);
  const [inTime, overdue] = await drawnSeries(page, 'orders-chart');
  const bars = await page.evaluate(`charts['orders-chart'].getOption().yAxis[0].data`);
  for (const street of totals.streets) {
    const at = (bars as string[]).indexOf(street.name);
    // A count withheld from this caller (null) is drawn as no bar.
    expect(inTime!.data[at]! + overdue!.data[at]!).toBe(street.workOrderStats.open ?? 0);
    expect(overdue!.data[at]).toBe(street.workOrderStats.overdue ?? 0);
  }
  const drawnBars = await page.evaluate(
    () =>
      [...document.querySelectorAll('#orders-chart path')].filter((path) =>
        ['#3e7bfa', '#e5484d'].includes(path.getAttribute('fill')?.toLowerCase() ?? ''),
      ).length,
  );
  expect(drawnBars).toBeGreaterThanOrEqual(totals.streets.length);
}

/**
 * Work orders opened through the API by `official` (dispatch:handle on `street`) reach the panel by
 * the live stream, without a reload: the caller `headers` (dispatch:read) gets their events. Counts
 * are published to it as `@aggregate` counts are (withheld below 5, else rounded to 5), so one order
 * may not move the figure it sees: orders are opened until the hub's answer to it moves (at most
 * five), and the panel must then show that answer. Returns how many orders were opened.
 */
export async function expectLiveWorkOrders(
  page: Page,
  gatewayUrl: string,
  headers: Record<string, string>,
  official: Record<string, string>,
  street: string,
): Promise<number> {
  await expectWorkOrders(page, gatewayUrl, headers);
  const shown = await shownOrderFigures(page);
  let opened = 0;
  let answer = await workOrderTotals(gatewayUrl, headers);
  while (answer.open === shown[0]) {
    expect(opened, 'five more orders move any published count').toBeLessThan(5);
    await openWorkOrder(gatewayUrl, official, street);
    opened += 1;
    answer = await workOrderTotals(gatewayUrl, headers);
  }
  await page.waitForFunction(
    (open) =>
      Number.parseInt(document.querySelector('#orders > div')?.textContent ?? '', 10) === open,
    answer.open,
    { timeout: 30_000 },
  );
  await expectWorkOrders(page, gatewayUrl, headers);
  return opened;
}

/**
 * Every panel's chart is drawn at a usable size and nothing sticks out sideways; on the wall
 * (`oneScreen`) the whole screen also fits the viewport's height, with no scrolling.
 */
export async function expectLayoutFits(page: Page, oneScreen: boolean): Promise<void> {
  const layout = await page.evaluate(() => ({
    width: window.innerWidth,
    height: window.innerHeight,
    scrollWidth: document.documentElement.scrollWidth,
    scrollHeight: document.documentElement.scrollHeight,
    charts: [...document.querySelectorAll<HTMLElement>('.chart')].map((chart) => ({
      id: chart.id,
      width: chart.getBoundingClientRect().width,
      height: chart.getBoundingClientRect().height,
    })),
  }));
  expect(layout.scrollWidth).toBeLessThanOrEqual(layout.width);
  if (oneScreen) expect(layout.scrollHeight).toBeLessThanOrEqual(layout.height);
  expect(layout.charts.map((chart) => chart.id).sort()).toEqual(
    ['arrivals', 'map', 'orders-chart', 'resumption', 'resumption-trend', 'sites'].sort(),
  );
  for (const chart of layout.charts) {
    expect(chart.width, chart.id).toBeGreaterThan(150);
    expect(chart.height, chart.id).toBeGreaterThan(80);
  }
}

/** Marks the page's document: `expectSameDocument` then tells whether the page was reloaded since. */
export async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => Object.assign(window, { notReloaded: true }));
}

export async function expectSameDocument(page: Page): Promise<void> {
  expect(await page.evaluate(() => 'notReloaded' in window), 'the page was not reloaded').toBe(
    true,
  );
}

/** The open and overdue figures the panel shows. */
function shownOrderFigures(page: Page): Promise<number[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('#orders > div')].map((figure) =>
      Number.parseInt(figure.firstChild?.textContent ?? '', 10),
    ),
  );
}
