import { describe, expect, it } from 'vitest';
import { TEST_REFERENCE_DATE } from '../support/constants.js';
import { callers, exact, useDifferencingHub } from '../support/differencing-hub.js';
import { BASE, expectPublished } from '../support/disclosure-attack.js';
import { authHeaders, graphql } from '../support/hub.js';

/** Headcounts of venues, sites and enterprises, and venues listed by how crowded they are. */
const { gatewayUrl } = useDifferencingHub();

describe('venue, site and enterprise headcounts for an official who states no purpose', () => {
  const HEADCOUNTS = `query ($date: Date!) {
    venues: sites(kind: STATION_HALL) { edges { node { id capacity visitorCounts(date: $date) { visitors shareOfCapacity } } } }
    building: sites(kind: CONSTRUCTION, first: 40) { edges { node { id report(date: $date) { headcount newArrivalCount } } } }
    enterprises(first: 100) { edges { node { creditCode employeeCount indicators(months: 12) { headcount } } } }
  }`;
  const countsOf = (data: any): Array<[string, number | null]> => [
    ...data.venues.edges.flatMap(({ node }: any) =>
      node.visitorCounts.map((c: any) => [`venue ${node.id}`, c.visitors]),
    ),
    ...data.building.edges.flatMap(({ node }: any) =>
      node.report
        ? [
            [`site ${node.id}`, node.report.headcount],
            [`site ${node.id} new`, node.report.newArrivalCount],
          ]
        : [],
    ),
    ...data.enterprises.edges.flatMap(({ node }: any) => [
      [node.creditCode, node.employeeCount],
      ...node.indicators.map((i: any) => [`${node.creditCode} month`, i.headcount]),
    ]),
  ];

  it('are exact with a purpose, and a share times the capacity gives the visitors', async () => {
    const response = await graphql(
      gatewayUrl(),
      HEADCOUNTS,
      { date: TEST_REFERENCE_DATE },
      await exact(),
    );
    expect(response.errors).toBeUndefined();
    const counts = countsOf(response.data);
    // The attack below needs exact figures that the rule changes.
    expect(counts.some(([, value]) => value !== null && value % BASE !== 0)).toBe(true);
    for (const { node } of response.data!.venues.edges)
      for (const count of node.visitorCounts)
        expect(count.shareOfCapacity * node.capacity).toBeCloseTo(count.visitors);
  });

  it('are rounded without one, and a share times the capacity gives back only the published visitors', async () => {
    const response = await graphql(
      gatewayUrl(),
      HEADCOUNTS,
      { date: TEST_REFERENCE_DATE },
      await authHeaders({}, null),
    );
    expect(response.errors).toBeUndefined();
    const counts = countsOf(response.data);
    expect(counts.length).toBeGreaterThan(0);
    for (const [what, value] of counts) expectPublished(value, what);
    for (const { node } of response.data!.venues.edges)
      for (const count of node.visitorCounts) {
        if (count.visitors === null) expect(count.shareOfCapacity).toBeNull();
        else expect(count.shareOfCapacity * node.capacity).toBeCloseTo(count.visitors);
      }
  });
});

describe.each(callers)('crowded venues as %s', (name, headers) => {
  it('are filtered and ordered on the published share, so bisecting the threshold finds no exact count', async () => {
    const ask = async (threshold: number) =>
      graphql(
        gatewayUrl(),
        'query ($threshold: Float, $at: DateTime!) { crowdedVenues(threshold: $threshold, at: $at) { visitors shareOfCapacity } }',
        { threshold, at: `${TEST_REFERENCE_DATE}T09:30:00+08:00` },
        await headers(),
      );
    const all = await ask(1e-6);
    if (name === 'anonymous') {
      expect(all.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      return;
    }
    expect(all.errors, JSON.stringify(all.errors)).toBeUndefined();
    const venues = all.data!.crowdedVenues as Array<{
      visitors: number | null;
      shareOfCapacity: number | null;
    }>;
    expect(venues.length).toBeGreaterThan(0);
    const shares = venues.map((venue) => venue.shareOfCapacity!);
    expect(shares).toEqual([...shares].sort((a, b) => b - a));
    for (const venue of venues) expectPublished(venue.visitors, 'visitors');
    // Just above and at each published share: a venue is listed exactly when its published share
    // reaches the threshold, whatever its exact visitors.
    for (const share of [...new Set(shares)]) {
      for (const threshold of [share, share + 1e-9]) {
        const listed = ((await ask(threshold)).data!.crowdedVenues as typeof venues)
          .map((venue) => venue.shareOfCapacity!)
          .sort();
        const expected = venues
          .filter((venue) => venue.shareOfCapacity! >= threshold)
          .map((venue) => venue.shareOfCapacity!)
          .sort();
        expect(listed, `threshold ${threshold}`).toEqual(expected);
      }
    }
  });
});
