import type { Database } from '@cityhub/kit';
import { SourceUnavailableError } from '../gateway/gateway-client.js';
import type { CommunityInputs } from '../gateway/inputs.js';
import type { CaseCounts, CaseReportStore } from '../repositories/case-report-store.js';
import type { HousingStore } from '../repositories/housing-store.js';
import type { NewAssessment } from '../repositories/assessment-store.js';
import type { SourceStatus } from '../repositories/rows.js';
import type { IndicatorDefinition } from './risk-model.js';
import { assess } from './scoring.js';
import { detectGroupRentals, type RegisteredResidentsLookup } from './group-rental-detection.js';

/** Everything the run gathered, keyed by community; a missing source is null, never zeros. */
export interface GatheredInputs {
  cases: Map<string, CaseCounts>;
  dwellings: Map<string, number>;
  groupRentals: Map<string, number> | null;
  railArrivals: Map<string, number> | null;
  siteWorkers: Map<string, number> | null;
  /** Residents aged 65 or more, per community. */
  elderly: Map<string, number> | null;
}

const perThousand = (count: number | null, residents: number) =>
  count === null ? null : residents > 0 ? (count * 1000) / residents : 0;

/** The raw value of each of the model's indicators for one community. */
export function rawValuesOf(
  community: CommunityInputs,
  inputs: GatheredInputs,
): Map<string, number | null> {
  const residents = community.residentCount;
  const cases = inputs.cases.get(community.code);
  const count = (map: Map<string, number> | null) =>
    map === null ? null : (map.get(community.code) ?? 0);
  const dwellings = inputs.dwellings.get(community.code);
  const elderly = count(inputs.elderly);
  return new Map<string, number | null>([
    ['CONFIRMED_CASES', cases?.confirmed ?? 0],
    ['SUSPECTED_CASES', cases?.suspected ?? 0],
    ['CLOSE_CONTACTS', perThousand(cases?.closeContacts ?? 0, residents)],
    ['KEY_REGION_ARRIVALS_14D', perThousand(community.keyRegionArrivals, residents)],
    ['HOME_QUARANTINE', perThousand(cases?.homeQuarantine ?? 0, residents)],
    ['RED_HEALTH_CODES', perThousand(community.red, residents)],
    ['YELLOW_HEALTH_CODES', perThousand(community.yellow, residents)],
    ['FEVER_CLINIC_VISITS_7D', perThousand(cases?.feverVisits ?? 0, residents)],
    ['ELDERLY_SHARE', elderly === null ? null : residents > 0 ? elderly / residents : 0],
    ['RESIDENTS_PER_DWELLING', dwellings ? residents / dwellings : null],
    ['GROUP_RENTALS', count(inputs.groupRentals)],
    ['KEY_REGION_SITE_WORKERS', count(inputs.siteWorkers)],
    ['RAIL_ARRIVALS_24H', perThousand(count(inputs.railArrivals), residents)],
  ]);
}

/** A community's score with its explanation, as the run stores it. */
export function assessmentOf(
  indicators: IndicatorDefinition[],
  community: CommunityInputs,
  inputs: GatheredInputs,
): NewAssessment {
  const result = assess(indicators, rawValuesOf(community, inputs));
  return {
    communityCode: community.code,
    streetCode: community.streetCode,
    districtCode: community.districtCode,
    score: result.score,
    level: result.level,
    weightCovered: result.weightCovered,
    residentCount: community.residentCount,
    contributions: result.contributions,
  };
}

/** Reads one optional source; when it is unavailable the run records why and goes on without it. */
export async function readOptional<T>(
  sources: SourceStatus[],
  name: string,
  read: () => Promise<{ counts: T; records: number }>,
  what: string,
): Promise<T | null> {
  try {
    const { counts, records } = await read();
    sources.push({ name, available: true, detail: what, records });
    return counts;
  } catch (error) {
    if (!(error instanceof SourceUnavailableError)) throw error;
    sources.push({ name, available: false, detail: error.message, records: 0 });
    return null;
  }
}

/**
 * The risk department's own inputs for a date: case counts, dwellings per community, and the
 * group-rental flags of a detection pass run now (who is registered where, from population when
 * it answers). The other departments' inputs are filled in by the run.
 */
export async function ownInputsOn(
  db: Database,
  stores: { caseReports: CaseReportStore; housing: HousingStore },
  date: string,
  sources: SourceStatus[],
  registeredAt: RegisteredResidentsLookup,
): Promise<GatheredInputs> {
  const { caseReports, housing } = stores;
  const caseRows = await caseReports.countsOn(date);
  sources.push({
    name: 'risk:case-reports',
    available: true,
    detail: 'case reports of the health commission',
    records: caseRows.length,
  });
  const dwellings = new Map(
    (await housing.dwellingCountsByCommunity()).map((row) => [
      row.communityCode,
      row.dwellingCount,
    ]),
  );
  const detection = await detectGroupRentals(db, housing, date, registeredAt);
  let groupRentals: Map<string, number> | null = null;
  if (detection) {
    groupRentals = new Map(
      (await housing.flagCountsByCommunity(detection.month)).map((row) => [
        row.communityCode,
        row.flags,
      ]),
    );
    const registeredFrom = detection.registeredFromPopulation
      ? 'registered residents from population'
      : 'registered residents from the housing feed (population unavailable)';
    sources.push({
      name: 'risk:housing',
      available: true,
      detail: `utility readings of ${detection.month}: ${detection.flagged} dwelling(s) flagged of ${detection.dwellings}; ${registeredFrom}`,
      records: detection.dwellings,
    });
  } else {
    sources.push({
      name: 'risk:housing',
      available: false,
      detail: 'no utility readings up to the date',
      records: 0,
    });
  }
  return {
    cases: new Map(caseRows.map((row) => [row.communityCode, row])),
    dwellings,
    groupRentals,
    railArrivals: null,
    siteWorkers: null,
    elderly: null,
  };
}
