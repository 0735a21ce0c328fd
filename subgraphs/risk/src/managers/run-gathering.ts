import { cityMidnight, shiftDate, type Database } from '@cityhub/kit';
import type { GatewayClient } from '../gateway/gateway-client.js';
import {
  communityInputs,
  districtCodes,
  railArrivalsByCommunity,
  registeredResidentsAt,
  siteWorkersByCommunity,
  type CommunityInputs,
} from '../gateway/inputs.js';
import type { CaseReportStore } from '../repositories/case-report-store.js';
import type { HousingStore } from '../repositories/housing-store.js';
import type { SourceStatus } from '../repositories/rows.js';
import { gatherCredit, type GatheredCredit } from './credit-scoring.js';
import { ownInputsOn, readOptional, type GatheredInputs } from './run-inputs.js';

export interface RunProgress {
  step: string;
  done: number;
  total: number;
}

/** Everything a run reads before it scores: the communities, their inputs, the enterprises' facts. */
export interface Gathered {
  communities: CommunityInputs[];
  inputs: GatheredInputs;
  credit: GatheredCredit;
}

/**
 * Reads every input of a run for a date, one source after the other: run together, on a small or
 * busy machine, they pushed the gateway's calls past its subgraph timeout and its circuit
 * breaker failed them all. Each source records its status in `sources`, also when a later one fails.
 */
export async function gatherRunInputs(
  db: Database,
  stores: { caseReports: CaseReportStore; housing: HousingStore },
  client: GatewayClient,
  date: string,
  sources: SourceStatus[],
  onProgress?: (progress: RunProgress) => void,
): Promise<Gathered> {
  const window14 = { from: shiftDate(date, -13), to: date };
  const communities = await everyCommunity(client, window14, sources, onProgress);
  const inputs = await ownInputsOn(db, stores, date, sources, (addresses) =>
    readOptional(
      sources,
      'population:addresses',
      () => registeredResidentsAt(client, addresses),
      'residents registered at the metered dwellings',
    ),
  );
  inputs.elderly = new Map(
    communities.flatMap((community) =>
      community.elderly === null ? [] : [[community.code, community.elderly] as const],
    ),
  );
  sources.push({
    name: 'population:ages',
    available: true,
    detail: "residents aged 65 or more per community (today's ages)",
    records: inputs.elderly.size,
  });
  inputs.railArrivals = await readOptional(
    sources,
    'transport',
    () =>
      railArrivalsByCommunity(client, {
        from: cityMidnight(date).toISOString(),
        to: cityMidnight(shiftDate(date, 1)).toISOString(),
      }),
    'rail arrivals on the date',
  );
  inputs.siteWorkers = await readOptional(
    sources,
    'sites',
    () => siteWorkersByCommunity(client, window14),
    'site workers from key regions in 14 days',
  );
  onProgress?.({ step: 'inputs', done: 1, total: 1 });
  const credit = await gatherCredit(client);
  return { communities, inputs, credit };
}

/** Every district's communities with population's figures, district by district. */
async function everyCommunity(
  client: GatewayClient,
  window14: { from: string; to: string },
  sources: SourceStatus[],
  onProgress?: (progress: RunProgress) => void,
): Promise<CommunityInputs[]> {
  const districts = await districtCodes(client);
  const communities: CommunityInputs[] = [];
  for (const [i, district] of districts.entries()) {
    communities.push(...(await communityInputs(client, district, window14)));
    onProgress?.({ step: 'population inputs', done: i + 1, total: districts.length });
  }
  sources.push({
    name: 'population',
    available: true,
    detail: `residents, health codes and key-region arrivals of ${districts.length} district(s)`,
    records: communities.length,
  });
  return communities;
}
