import { describe, expect, it } from 'vitest';
import { constructionSites } from '../../subgraphs/sites/src/seed/site-catalogue.js';
import { TEST_REFERENCE_DATE } from '../support/constants.js';
import { graphql, testCity } from '../support/hub.js';
import { hub } from './sites-hub.js';

describe('sites through the gateway: people, contractors and venues', () => {
  it("shows a worker's site assignments and a contractor's sites", async () => {
    const site = constructionSites(testCity()).find((s) => s.status === 'ACTIVE')!;
    const workers = await graphql(
      hub().gateway.url,
      '{ site(id: "' +
        site.id +
        '") { latestReport { workers { person { id siteAssignments { site { id } lastReportedOn } } } } } }',
    );
    expect(workers.errors).toBeUndefined();
    const first = workers.data!.site.latestReport.workers[0];
    expect(first.person.siteAssignments.map((a: any) => a.site.id)).toContain(site.id);
    const bySites = await graphql(
      hub().subgraphs.get('sites')!.url,
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise { sites { id } } } }',
      { r: [{ __typename: 'Enterprise', creditCode: site.contractorCreditCode }] },
    );
    expect(bySites.data!._entities[0].sites.map((s: any) => s.id)).toContain(site.id);
  });

  it("shows a venue's hourly counts for a day with their share of capacity", async () => {
    const response = await graphql(
      hub().gateway.url,
      `
        query ($date: Date!) {
          sites(kind: STATION_HALL) {
            edges {
              node {
                id
                capacity
                visitorCounts(date: $date) {
                  hour
                  visitors
                  shareOfCapacity
                }
              }
            }
          }
        }
      `,
      { date: TEST_REFERENCE_DATE },
    );
    expect(response.errors).toBeUndefined();
    for (const { node } of response.data!.sites.edges as any[]) {
      expect(node.visitorCounts).toHaveLength(24);
      expect(new Date(node.visitorCounts[0].hour).toISOString()).toBe(
        new Date(`${TEST_REFERENCE_DATE}T00:00:00+08:00`).toISOString(),
      );
      for (const count of node.visitorCounts)
        expect(count.shareOfCapacity).toBeCloseTo(count.visitors / node.capacity, 3);
    }
  });

  it('lists the venues over a share of capacity at a moment, fullest first', async () => {
    const response = await graphql(
      hub().gateway.url,
      'query ($at: DateTime!) { crowdedVenues(threshold: 0.5, at: $at) { site { name kind street { name } } hour visitors shareOfCapacity } }',
      { at: `${TEST_REFERENCE_DATE}T09:30:00+08:00` },
    );
    expect(response.errors).toBeUndefined();
    const venues = response.data!.crowdedVenues as Array<{
      site: { name: string };
      hour: string;
      shareOfCapacity: number;
    }>;
    expect(venues.map((venue) => venue.site.name)).toContain('上海南站候车大厅');
    expect(
      venues.every(
        (venue) =>
          venue.shareOfCapacity >= 0.5 &&
          new Date(venue.hour).toISOString() ===
            new Date(`${TEST_REFERENCE_DATE}T09:00:00+08:00`).toISOString(),
      ),
    ).toBe(true);
    expect([...venues].sort((a, b) => b.shareOfCapacity - a.shareOfCapacity)).toEqual(venues);
  });
});
