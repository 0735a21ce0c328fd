import {
  addDays,
  enterpriseAt,
  enterpriseCount,
  type SyntheticCity,
} from '@cityhub/synthetic-city';
import type { TokenClaims } from '@cityhub/kit';
import { timeStreetQueues } from './street-queues.js';
import type { GatewayClient, Workload, WorkloadContext } from './workload.js';

/**
 * The benchmark's workloads, one entry each. A workload whose subgraphs (or fields) are not
 * registered yet is reported as skipped with the reason; adding one is adding an entry here. The
 * operations of the departments other than population were written against their schemas as they
 * landed (2026-11-22); the conformance corpus runs the same ones through both gateways.
 */
const PERSON_LOOKUP =
  'query PersonLookup($idNumber: String!) { person(idNumber: $idNumber) { idNumber name phone residence { address community { name } } } }';

const RISK_BOARD =
  'query RiskBoard { district(code: "310104") { streets { code name residentCount communities(first: 100) { totalCount edges { node { code name residentCount risk { score level } } } } } } }';
const RISK_MAP =
  'query RiskMap { district(code: "310104") { riskMap { date communities { communityCode score level } } } }';

export const WORKLOADS: Workload[] = [
  {
    kind: 'throughput',
    name: 'health-code-gate',
    title: "Health-code gate: a random resident's health code by ID number",
    needs: { subgraphs: ['population'] },
    operationName: 'HealthCode',
    operation:
      'query HealthCode($idNumber: String!) { person(idNumber: $idNumber) { healthCode { color changedAt } } }',
    // ID numbers come from the generator, not the database: the same city the database was seeded from.
    variables: ({ city, random }) => ({
      idNumber: city.person(Math.floor(random() * city.residentCount)).idNumber,
    }),
    // Shanghai's health-code peak (../shared/DOMAIN.md).
    targetRequestsPerSecond: 8_000,
  },
  // The cost of the personal-data checks: the same lookup of a resident's ID number, name, phone and
  // address, raw and audited (a stated purpose) against masked and unaudited (none).
  {
    kind: 'throughput',
    name: 'person-lookup-audited',
    title:
      'Person lookup, personal data raw: each read masked-checked and written to the audit log',
    needs: { subgraphs: ['population', 'audit'] },
    operationName: 'PersonLookup',
    operation: PERSON_LOOKUP,
    variables: ({ city, random }) => ({
      idNumber: city.person(Math.floor(random() * city.residentCount)).idNumber,
    }),
  },
  {
    kind: 'throughput',
    name: 'person-lookup-masked',
    title:
      'Person lookup, no stated purpose: the same fields come back masked and nothing is audited',
    needs: { subgraphs: ['population'] },
    operationName: 'PersonLookup',
    operation: PERSON_LOOKUP,
    variables: ({ city, random }) => ({
      idNumber: city.person(Math.floor(random() * city.residentCount)).idNumber,
    }),
    purpose: null,
  },
  {
    kind: 'throughput',
    name: 'community-board',
    title: "Community board: a district's streets and their communities with resident counts",
    needs: { subgraphs: ['population'] },
    operationName: 'Board',
    operation:
      'query Board { district(code: "310104") { streets { code name residentCount healthCodeCounts { green yellow red } communities(first: 100) { totalCount edges { node { code name residentCount } } } } } }',
  },
  {
    kind: 'throughput',
    name: 'community-risk-board',
    title: "Community risk board: the board with each community's risk level",
    needs: { subgraphs: ['population', 'risk'], fields: ['Community.risk'] },
    operationName: 'RiskBoard',
    operation: RISK_BOARD,
  },
  {
    kind: 'throughput',
    name: 'community-risk-board-cached',
    title:
      'Community risk board, response cache on: the same board asked with no stated purpose, an answer without personal data that each gateway keeps (30 s)',
    needs: { subgraphs: ['population', 'risk'], fields: ['Community.risk'] },
    operationName: 'RiskBoard',
    operation: RISK_BOARD,
    purpose: null,
  },
  {
    kind: 'throughput',
    name: 'site-supervision',
    title:
      "Site supervision: a street's sites with contractor, today's report and open screening cases",
    needs: { subgraphs: ['sites', 'enterprises', 'population'] },
    operationName: 'SiteSupervision',
    operation:
      'query SiteSupervision($streetCode: ID!) { sites(streetCode: $streetCode, first: 50) { totalCount edges { node { id name status contractor { name } report { headcount newArrivalCount } screeningCases(status: OPEN) { id reason arrivedOn } } } } }',
    variables: ({ city, random }) => {
      const streets = city.geography.streets;
      return { streetCode: streets[Math.floor(random() * streets.length)]!.code };
    },
  },
  {
    kind: 'throughput',
    name: 'station-forecast',
    title: 'Station: the next 24 hours of arrivals at Shanghai South, with peaks',
    needs: { subgraphs: ['transport'] },
    operationName: 'StationForecast',
    // SNH is Shanghai South in the transport subgraph's seed.
    operation:
      'query StationForecast { station(code: "SNH") { code name arrivalsForecast(hours: 24) { totalArrivals hours { hour arrivals } peakWindows(top: 2) { start end arrivals share } } } }',
  },
  {
    kind: 'throughput',
    name: 'district-risk-map',
    title: "District risk map: every community's score and level for the dashboard, in one call",
    needs: { subgraphs: ['population', 'risk'], fields: ['District.riskMap'] },
    operationName: 'RiskMap',
    operation: RISK_MAP,
  },
  {
    kind: 'throughput',
    name: 'district-risk-map-cached',
    title:
      'District risk map, response cache on: the same map asked with no stated purpose, kept by each gateway (30 s)',
    needs: { subgraphs: ['population', 'risk'], fields: ['District.riskMap'] },
    operationName: 'RiskMap',
    operation: RISK_MAP,
    purpose: null,
  },
  {
    kind: 'timed',
    name: 'risk-nightly-run',
    title:
      "The nightly risk run: every community's 13 indicators from the previous day, inputs read through the gateway",
    needs: { subgraphs: ['population', 'risk'] },
    run: (connect, context) => timeRiskRun(connect, context),
  },
  {
    kind: 'timed',
    name: 'enterprise-registrations',
    title:
      'Enterprise work-resumption filing: 1,000 concurrent employee registrations, then one batch approval',
    needs: { subgraphs: ['enterprises', 'population'] },
    run: (connect, context) => timeRegistrationsAndApproval(connect, context),
  },
  {
    kind: 'timed',
    name: 'street-queues',
    title:
      "Street officials working their queue: the hotline hands over 10 calls per street, then every street's official lists, accepts and resolves their orders at once",
    needs: { subgraphs: ['dispatch', 'population'] },
    run: (connect, context) => timeStreetQueues(connect, context),
  },
];

/** Starts a run for the day before the city's "today" and waits for it; the run itself reads through the hub's gateway. */
async function timeRiskRun(
  connect: (claims?: TokenClaims) => Promise<GatewayClient>,
  { city }: WorkloadContext & { round: number },
): Promise<Record<string, number>> {
  const client = await connect({
    subject: 'bench-risk-officer',
    department: 'health-commission',
    roles: ['health-commission'],
  });
  const date = addDays(city.referenceDate, -1);
  const started = performance.now();
  const begun = await client.request<{ startRiskRun: { id: string } }>({
    query: 'mutation Run($date: Date) { startRiskRun(date: $date) { id } }',
    variables: { date },
  });
  const id = begun.data?.startRiskRun.id;
  if (!id) throw new Error(`the risk run did not start: ${JSON.stringify(begun.errors)}`);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const polled = await client.request<{
      riskRun: { status: string; communitiesAssessed: number; error: string | null };
    }>({
      query: 'query Poll($id: ID!) { riskRun(id: $id) { status communitiesAssessed error } }',
      variables: { id },
    });
    const run = polled.data?.riskRun;
    if (!run || run.status === 'RUNNING') continue;
    if (run.status !== 'SUCCEEDED')
      throw new Error(`the risk run ended ${run.status}: ${run.error}`);
    return {
      [`run for ${run.communitiesAssessed.toLocaleString('en')} communities (s)`]:
        (performance.now() - started) / 1000,
    };
  }
}

async function timeRegistrationsAndApproval(
  connect: (claims?: TokenClaims) => Promise<GatewayClient>,
  { city, round, personIdOf }: WorkloadContext & { round: number },
): Promise<Record<string, number>> {
  const { client, filingCode } = await openFilingOfSomeEnterprise(connect, city, round, personIdOf);
  const registrants = Array.from({ length: 1_000 }, (_, i) =>
    city.person((round * 1_000 + i) % city.residentCount),
  );
  let started = performance.now();
  const receipts = await Promise.all(
    registrants.map((person) =>
      client.request({
        query:
          'mutation Register($code: String!, $registrant: RegistrantInput!) { registerForFiling(code: $code, registrant: $registrant) { registrationId status } }',
        variables: {
          code: filingCode,
          registrant: {
            idNumber: person.idNumber,
            name: person.name,
            phone: person.phone,
            originCode: person.originCode,
          },
        },
      }),
    ),
  );
  const registerSeconds = (performance.now() - started) / 1000;
  const failed = receipts.filter((receipt) => receipt.errors?.length).length;
  if (failed)
    throw new Error(
      `${failed} of 1,000 registrations failed: ${JSON.stringify(receipts.find((r) => r.errors)?.errors)}`,
    );
  started = performance.now();
  const approved = await client.request<{ decideRegistrations: { decidedCount: number } }>({
    query:
      'mutation Approve($filingCode: String!) { decideRegistrations(filingCode: $filingCode, allPending: true, decision: APPROVE) { decidedCount pendingCount } }',
    variables: { filingCode },
  });
  const approveSeconds = (performance.now() - started) / 1000;
  if (approved.data?.decideRegistrations.decidedCount !== 1_000)
    throw new Error(`batch approval decided ${JSON.stringify(approved)}`);
  return {
    '1,000 concurrent registrations (s)': registerSeconds,
    'batch approval of 1,000 (s)': approveSeconds,
  };
}

/**
 * Opens a filing as the legal representative of an operating enterprise that has none open. Filings
 * persist in the bench database, so the candidates start at a different place in every run.
 */
async function openFilingOfSomeEnterprise(
  connect: (claims?: TokenClaims) => Promise<GatewayClient>,
  city: SyntheticCity,
  round: number,
  personIdOf: (idNumber: string) => string,
) {
  const count = enterpriseCount(city);
  const start = (Date.now() + round * 7919) % count;
  let lastRefusal = '';
  for (let attempt = 0; attempt < 50; attempt++) {
    const enterprise = enterpriseAt(city, (start + attempt * 104_729) % count);
    if (enterprise.status !== 'OPERATING') continue;
    // Employees register through the public filing code; here with the representative's token, so
    // that the gateway's anonymous rate limit is not what is measured.
    const client = await connect({
      subject: `bench-representative-${enterprise.index}`,
      department: 'enterprise',
      roles: ['legal-representative'],
      personId: personIdOf(city.person(enterprise.legalRepresentativeIndex).idNumber),
    });
    const opened = await client.request<{ openFiling: { code: string } }>({
      query: 'mutation Open($creditCode: String!) { openFiling(creditCode: $creditCode) { code } }',
      variables: { creditCode: enterprise.creditCode },
    });
    const filingCode = opened.data?.openFiling.code;
    if (filingCode) return { client, filingCode };
    lastRefusal = JSON.stringify(opened.errors);
  }
  throw new Error(`no enterprise could open a filing; last refusal: ${lastRefusal}`);
}

/**
 * Operations of the `-cached` workloads: the peer's response cache is turned on for these only,
 * when no purpose is stated. Hive Gateway cannot tell an answer with personal data from one
 * without, so it is told which; ours decides from the subgraphs' answers (gateway/src/response-cache/).
 */
export const RESPONSE_CACHED_OPERATIONS: ReadonlySet<string> = new Set(
  WORKLOADS.flatMap((workload) =>
    workload.kind === 'throughput' && workload.name.endsWith('-cached')
      ? [workload.operationName]
      : [],
  ),
);
