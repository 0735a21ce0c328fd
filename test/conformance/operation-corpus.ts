import { enterpriseAt, type SyntheticCity } from '@cityhub/synthetic-city';

/** One of the hub's operations, as apps send it; run through both gateways by the differential test. */
export interface CorpusOperation {
  name: string;
  /** Subgraphs it touches; skipped until they are registered. */
  needs: string[];
  query: string;
  variables?: (city: SyntheticCity) => Record<string, unknown>;
}

const WINDOW_TO = new Date().toISOString().slice(0, 10);
const WINDOW_FROM = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);

/**
 * The corpus grows as subgraphs land: add each department's dashboard and app operations here,
 * including ones that fail in part (errors with partial data), since both gateways must agree on
 * the data then too.
 */
export const OPERATION_CORPUS: CorpusOperation[] = [
  {
    name: 'district overview',
    needs: ['population'],
    query:
      '{ district(code: "310104") { code name residentCount healthCodeCounts { green yellow red } streets { code name residentCount communities { totalCount } } } }',
  },
  {
    name: 'community board (the benchmark operation)',
    needs: ['population'],
    query:
      'query Board { district(code: "310104") { streets { code name residentCount healthCodeCounts { green yellow red } communities(first: 100) { totalCount edges { node { code name residentCount } } } } } }',
  },
  {
    name: "a page of a street's communities",
    needs: ['population'],
    query:
      '{ street(code: "310104003") { code name communities(first: 25) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { code name residentCount healthCodeCounts { red } } } } } }',
  },
  {
    name: 'health-code gate (the benchmark operation)',
    needs: ['population'],
    query:
      'query HealthCode($idNumber: String!) { person(idNumber: $idNumber) { healthCode { color changedAt } } }',
    variables: (city) => ({ idNumber: city.person(17).idNumber }),
  },
  {
    name: 'a person with residence, health code and arrivals',
    needs: ['population'],
    query:
      'query ($id: String!) { person(idNumber: $id) { id idNumber name gender birthDate origin { code isKeyRegion } residence { community { code name street { code name } } } healthCode { color } arrivals { arrivedOn from { code isKeyRegion } } } }',
    variables: (city) => ({
      id: city.person(
        Array.from({ length: 3000 }, (_, i) => i).find((i) => city.person(i).arrival) ?? 0,
      ).idNumber,
    }),
  },
  {
    name: 'key-region arrivals on a street in the past year',
    needs: ['population'],
    query: `{ keyRegionArrivals(from: "${WINDOW_FROM}", to: "${WINDOW_TO}", streetCode: "310104010", first: 100) { totalCount edges { node { arrivedOn community { code street { code } } } } } street(code: "310104010") { keyRegionArrivalCount(from: "${WINDOW_FROM}", to: "${WINDOW_TO}") } }`,
  },
  {
    name: 'unknown codes and ID numbers answer null',
    needs: ['population'],
    query:
      '{ district(code: "310105") { name } community(code: "3101040039999") { name } person(idNumber: "11010519491231002X") { id } }',
  },
  {
    name: 'an invalid ID number fails its field only',
    needs: ['population'],
    query: '{ person(idNumber: "110105194912310021") { id } district(code: "310104") { name } }',
  },
  {
    name: "a street's construction sites with their street from population",
    needs: ['sites', 'population'],
    query:
      '{ sites(streetCode: "310104003", first: 10) { totalCount edges { node { id name status street { code name } } } } }',
  },
  {
    name: "a street's sites with contractor, report and open screening cases (the benchmark operation)",
    needs: ['sites', 'enterprises', 'population'],
    query:
      'query SiteSupervision($streetCode: ID!) { sites(streetCode: $streetCode, first: 50) { totalCount edges { node { id name status contractor { name } report { headcount newArrivalCount } screeningCases(status: OPEN) { id reason arrivedOn } } } } }',
    variables: () => ({ streetCode: '310104017' }),
  },
  {
    name: 'an enterprise with its street and legal representative',
    needs: ['enterprises', 'population'],
    query:
      'query ($creditCode: String!) { enterprise(creditCode: $creditCode) { creditCode name status industry { code name } registeredStreet { code name } legalRepresentative { name healthCode { color } } } }',
    variables: (city) => ({ creditCode: enterpriseAt(city, 3).creditCode }),
  },
  {
    name: 'Shanghai South: the next 24 hours of arrivals with peaks (the benchmark operation)',
    needs: ['transport'],
    query:
      'query StationForecast { station(code: "SNH") { code name arrivalsForecast(hours: 24) { totalArrivals hours { hour arrivals } peakWindows(top: 2) { start end arrivals share } } } }',
  },
  {
    name: 'the community risk board (the benchmark operation)',
    needs: ['population', 'risk'],
    query:
      'query RiskBoard { district(code: "310104") { streets { code name residentCount communities(first: 100) { totalCount edges { node { code name residentCount risk { score level } } } } } } }',
  },
];
