import { cityDate, shiftDate } from '@cityhub/kit';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { graphql } from './hub.js';

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

/** The open and overdue figures the panel shows. */
function shownOrderFigures(page: Page): Promise<number[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('#orders > div')].map((figure) =>
      Number.parseInt(figure.firstChild?.textContent ?? '', 10),
    ),
  );
}
