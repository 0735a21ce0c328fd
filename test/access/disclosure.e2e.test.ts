import { describe, expect, it } from 'vitest';
import { ACCESS_HUB_SETTINGS, PERSON_QUERY, someone } from '../support/access.js';
import { TEST_REFERENCE_DATE } from '../support/constants.js';
import { authHeaders, graphql, useTestHubWith, type GraphQLResponse } from '../support/hub.js';

/** What of a person (or of a few people) a caller sees: masked, withheld or raw, by rights and purpose. */
const hub = useTestHubWith(ACCESS_HUB_SETTINGS);

describe('personal data', () => {
  it('are masked or withheld without a stated purpose, raw with one', async () => {
    const official = { roles: ['district-official'] };
    const masked = await graphql(
      hub().gateway.url,
      PERSON_QUERY,
      { id: someone.idNumber },
      await authHeaders(official, null),
    );
    expect(masked.data!.person).toMatchObject({
      idNumber: `${someone.idNumber.slice(0, 6)}********${someone.idNumber.slice(-4)}`,
      name: `${[...someone.name][0]}${'*'.repeat([...someone.name].length - 1)}`,
      phone: `${someone.phone.slice(0, 3)}****${someone.phone.slice(-4)}`,
      birthDate: null,
      healthCode: null,
    });
    const raw = await graphql(
      hub().gateway.url,
      PERSON_QUERY,
      { id: someone.idNumber },
      await authHeaders(official, 'epidemic-tracing'),
    );
    expect(raw.data!.person).toMatchObject({
      idNumber: someone.idNumber,
      name: someone.name,
      phone: someone.phone,
      birthDate: someone.birthDate,
      healthCode: { color: someone.healthCode },
    });
  });

  it('small counts of people are withheld from callers without personal-data rights', async () => {
    const query =
      '{ street(code: "310104003") { communities(first: 100) { edges { node { residentCount healthCodeCounts { red yellow } } } } } }';
    const viewer = await graphql(
      hub().gateway.url,
      query,
      undefined,
      await authHeaders({ roles: ['viewer'] }),
    );
    const official = await graphql(
      hub().gateway.url,
      query,
      undefined,
      await authHeaders({ roles: ['district-official'] }, 'resident-services'),
    );
    const counts = (response: typeof viewer) =>
      response.data!.street.communities.edges.map(
        (edge: {
          node: { residentCount: number | null; healthCodeCounts: { red: number | null } };
        }) => edge.node,
      );
    const seen = counts(viewer);
    const truth = counts(official);
    expect(
      truth.some(
        (node: { residentCount: number }) => node.residentCount > 0 && node.residentCount < 5,
      ),
    ).toBe(true);
    // The hub's disclosure rule: null below 5 (zero included), otherwise the nearest multiple of 5.
    seen.forEach((node: { residentCount: number | null }, i: number) => {
      const actual = truth[i].residentCount as number;
      expect(node.residentCount).toBe(actual < 5 ? null : Math.round(actual / 5) * 5);
    });
  });

  it("a site report's workers by origin are withheld below the threshold too, since a region and a site can single a worker out", async () => {
    const query = `query ($date: Date!) { district(code: "310104") { streets { sites(kind: CONSTRUCTION, first: 40) { edges { node { report(date: $date) { origins { originCode workers } } } } } } } }`;
    const originsOf = (response: GraphQLResponse) =>
      (
        response.data!.district.streets as Array<{
          sites: {
            edges: Array<{
              node: { report: { origins: Array<{ workers: number | null }> } | null };
            }>;
          };
        }>
      ).flatMap((street) => street.sites.edges.flatMap((edge) => edge.node.report?.origins ?? []));
    const supervisorScreen = await graphql(
      hub().gateway.url,
      query,
      { date: TEST_REFERENCE_DATE },
      await authHeaders({ roles: ['viewer'], scopes: ['sites:read'] }),
    );
    const official = await graphql(
      hub().gateway.url,
      query,
      { date: TEST_REFERENCE_DATE },
      await authHeaders({ roles: ['district-official'] }, 'site-inspection'),
    );
    expect(supervisorScreen.errors).toBeUndefined();
    const truth = originsOf(official);
    expect(truth.some((origin) => origin.workers! > 0 && origin.workers! < 5)).toBe(true);
    expect(originsOf(supervisorScreen).map((origin) => origin.workers)).toEqual(
      truth.map(({ workers }) => (workers! < 5 ? null : workers)),
    );
  });
});
