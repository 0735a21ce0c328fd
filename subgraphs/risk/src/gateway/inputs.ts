import type { GatewayClient, PagedConnection } from './gateway-client.js';

/** What population publishes per community, as the run reads it through the gateway. */
export interface CommunityInputs {
  code: string;
  streetCode: string;
  districtCode: string;
  residentCount: number;
  red: number | null;
  yellow: number | null;
  keyRegionArrivals: number | null;
  /** Residents aged 65 or more. */
  elderly: number | null;
}

interface CommunityPage {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: Array<{
    node: {
      code: string;
      residentCount: number | null;
      healthCodeCounts: { red: number | null; yellow: number | null };
      keyRegionArrivalCount: number | null;
      residentCountAged: number | null;
    };
  }>;
}

const COMMUNITY_FIELDS =
  'pageInfo { hasNextPage endCursor } edges { node { code residentCount healthCodeCounts { red yellow } keyRegionArrivalCount(from: $from, to: $to) residentCountAged(minAge: 65) } }';
const DISTRICT_COMMUNITIES = `query RiskRunCommunities($district: ID!, $from: Date!, $to: Date!) {
  district(code: $district) { code streets { code communities(first: 500) { ${COMMUNITY_FIELDS} } } }
}`;
const STREET_COMMUNITIES = `query RiskRunStreetCommunities($street: ID!, $from: Date!, $to: Date!, $after: String) {
  street(code: $street) { code communities(first: 500, after: $after) { ${COMMUNITY_FIELDS} } }
}`;

export async function districtCodes(gateway: GatewayClient): Promise<string[]> {
  const data = await gateway.query<{ districts: Array<{ code: string }> }>(
    'population',
    'query RiskRunDistricts { districts { code } }',
    {},
  );
  return data.districts.map((district) => district.code);
}

/**
 * Every community of a district with its residents, health codes and key-region arrivals: one
 * request for the district (each street's first 500), more only for a street with more than 500.
 */
export async function communityInputs(
  gateway: GatewayClient,
  districtCode: string,
  window: { from: string; to: string },
): Promise<CommunityInputs[]> {
  const data = await gateway.query<{
    district: { streets: Array<{ code: string; communities: CommunityPage }> } | null;
  }>('population', DISTRICT_COMMUNITIES, { district: districtCode, ...window });
  const result: CommunityInputs[] = [];
  for (const street of data.district?.streets ?? []) {
    let page: CommunityPage = street.communities;
    for (;;) {
      for (const { node } of page.edges) {
        result.push({
          code: node.code,
          streetCode: street.code,
          districtCode,
          residentCount: node.residentCount ?? 0,
          red: node.healthCodeCounts.red,
          yellow: node.healthCodeCounts.yellow,
          keyRegionArrivals: node.keyRegionArrivalCount,
          elderly: node.residentCountAged,
        });
      }
      if (!page.pageInfo.hasNextPage) break;
      const next = await gateway.query<{ street: { communities: CommunityPage } }>(
        'population',
        STREET_COMMUNITIES,
        { street: street.code, after: page.pageInfo.endCursor, ...window },
      );
      page = next.street.communities;
    }
  }
  return result;
}

const RAIL_ARRIVALS = `query RiskRunRailArrivals($from: DateTime!, $to: DateTime!, $after: String) {
  passengerArrivals(from: $from, to: $to, first: 500, after: $after, stationKind: RAIL) {
    pageInfo { hasNextPage endCursor }
    edges { node { person { residence { community { code } } } } }
  }
}`;

interface ResidencePerson {
  person: { residence: { community: { code: string } } | null } | null;
}

/** Rail arrivals in a window, counted by the community the passenger lives in, in pages of 500. */
export async function railArrivalsByCommunity(
  gateway: GatewayClient,
  window: { from: string; to: string },
): Promise<{ counts: Map<string, number>; records: number }> {
  const counts = new Map<string, number>();
  const records = await gateway.everyNode(
    'transport',
    RAIL_ARRIVALS,
    window,
    (data: { passengerArrivals: PagedConnection<ResidencePerson> }) => data.passengerArrivals,
    (node) => countByCommunity(counts, [node]),
  );
  return { counts, records };
}

const SITE_WORKERS = `query RiskRunSiteWorkers($from: Date!, $to: Date!) {
  keyRegionWorkerArrivals(from: $from, to: $to) { person { residence { community { code } } } }
}`;

/** Construction workers newly arrived from key regions, counted by the community they live in. */
export async function siteWorkersByCommunity(
  gateway: GatewayClient,
  window: { from: string; to: string },
): Promise<{ counts: Map<string, number>; records: number }> {
  const data = await gateway.query<{ keyRegionWorkerArrivals: ResidencePerson[] }>(
    'sites',
    SITE_WORKERS,
    window,
  );
  const counts = new Map<string, number>();
  countByCommunity(counts, data.keyRegionWorkerArrivals);
  return { counts, records: data.keyRegionWorkerArrivals.length };
}

function countByCommunity(counts: Map<string, number>, items: ResidencePerson[]): void {
  for (const item of items) {
    const code = item.person?.residence?.community.code;
    if (code) counts.set(code, (counts.get(code) ?? 0) + 1);
  }
}

const REGISTERED_AT = `query RiskRunRegisteredResidents($addresses: [CommunityAddressInput!]!) {
  registeredResidentsAt(addresses: $addresses) { communityCode address residentCount }
}`;
// About 60 KB of variables a request: well inside the gateway's body limit.
const ADDRESSES_PER_REQUEST = 1_000;

/** The key under which registered residents are looked up: community and address. */
export const addressKey = (communityCode: string, address: string) => `${communityCode}|${address}`;

/** Residents registered at the metered dwellings' addresses, from population, 1,000 addresses a request. */
export async function registeredResidentsAt(
  gateway: GatewayClient,
  addresses: Array<{ communityCode: string; address: string }>,
): Promise<{ counts: Map<string, number>; records: number }> {
  const counts = new Map<string, number>();
  for (let i = 0; i < addresses.length; i += ADDRESSES_PER_REQUEST) {
    const data = await gateway.query<{
      registeredResidentsAt: Array<{
        communityCode: string;
        address: string;
        residentCount: number | null;
      }>;
    }>('population', REGISTERED_AT, { addresses: addresses.slice(i, i + ADDRESSES_PER_REQUEST) });
    for (const row of data.registeredResidentsAt)
      if (row.residentCount !== null)
        counts.set(addressKey(row.communityCode, row.address), row.residentCount);
  }
  return { counts, records: addresses.length };
}
