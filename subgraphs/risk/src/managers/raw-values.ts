import type { CaseCounts } from '../repositories/case-report-store.js';
import type { CommunityInputs } from '../gateway/inputs.js';

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
