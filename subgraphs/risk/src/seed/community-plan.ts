import { personIdFor, shiftDate } from '@cityhub/kit';
import {
  Random,
  type CommunitySpec,
  type SyntheticCity,
  type SyntheticPerson,
} from '@cityhub/synthetic-city';
import { USAGE_NORMS } from '../managers/group-rental-rule.js';
import type { CaseKind } from '../repositories/rows.js';

/** How hard the epidemic touches a community in the demo: a few clusters, some exposure, mostly calm. */
type Tier = 'CLUSTER' | 'EXPOSED' | 'LIGHT' | 'CALM';

const TIER_REPORTS: Record<Tier, Array<[CaseKind, number]>> = {
  // Enough for red: confirmed and suspected at their caps, contacts, quarantines and fever visits.
  CLUSTER: [
    ['CONFIRMED', 2],
    ['SUSPECTED', 3],
    ['CLOSE_CONTACT', 0.03],
    ['HOME_QUARANTINE', 0.03],
    ['FEVER_CLINIC_VISIT', 0.012],
  ],
  // Enough for yellow: one confirmed case and its contacts.
  EXPOSED: [
    ['CONFIRMED', 1],
    ['SUSPECTED', 1],
    ['CLOSE_CONTACT', 0.02],
    ['HOME_QUARANTINE', 0.015],
    ['FEVER_CLINIC_VISIT', 0.005],
  ],
  LIGHT: [
    ['FEVER_CLINIC_VISIT', 0.004],
    ['HOME_QUARANTINE', 0.004],
  ],
  CALM: [],
};

const METERED_DWELLINGS_PER_COMMUNITY = 6;
/** About one metered dwelling in 120 is a real group rental in the demo. */
const GROUP_RENTAL_SHARE = 1 / 120;

export interface CommunityRows {
  caseReports: Array<[string, string, CaseKind, string, string | null, string, string]>;
  dwellings: Array<[number, string, string, string, number, number]>;
  readings: Array<[number, string, number, number, number, number]>;
  housing: [string, number];
}

/**
 * Everything the risk department holds about one community, as a pure function of the seed and
 * the community: the same city always gives the same reports, dwellings and readings.
 */
export function communityRows(
  city: SyntheticCity,
  community: CommunitySpec,
  residents: SyntheticPerson[],
  estimatedResidents: number,
  personIdKey: string,
): CommunityRows {
  const random = new Random(city.seed, community.index, 601);
  const roll = random.next();
  const tier: Tier =
    roll < 0.03 ? 'CLUSTER' : roll < 0.1 ? 'EXPOSED' : roll < 0.35 ? 'LIGHT' : 'CALM';
  const lastDay = shiftDate(city.referenceDate, -1);
  const rows: CommunityRows = {
    caseReports: [],
    dwellings: [],
    readings: [],
    housing: [
      community.code,
      Math.max(1, Math.round(estimatedResidents / (2.2 + random.next() * 0.9))),
    ],
  };
  if (residents.length > 0) {
    for (const [kind, amount] of TIER_REPORTS[tier]) {
      const count = amount >= 1 ? amount : Math.max(1, Math.round(amount * estimatedResidents));
      for (let n = 0; n < count; n++) {
        const person = residents[random.int(residents.length)]!;
        const reportedOn = shiftDate(
          lastDay,
          -random.between(0, kind === 'FEVER_CLINIC_VISIT' ? 6 : 12),
        );
        const endsOn = kind === 'HOME_QUARANTINE' ? shiftDate(reportedOn, 14) : null;
        rows.caseReports.push([
          `seed-${community.index}-${kind}-${n}`,
          personIdFor(person.idNumber, personIdKey),
          kind,
          reportedOn,
          endsOn,
          community.code,
          community.streetCode,
        ]);
      }
    }
  }
  const residentsAt = new Map<string, number>();
  for (const person of residents)
    residentsAt.set(person.address, (residentsAt.get(person.address) ?? 0) + 1);
  const addresses = [...residentsAt.keys()].slice(0, METERED_DWELLINGS_PER_COMMUNITY);
  addresses.forEach((address, k) => {
    const id = community.index * 100 + k + 1;
    // The people population registers at the address: what the nightly run will read through the gateway.
    const registered = residentsAt.get(address)!;
    const groupRental = random.chance(GROUP_RENTAL_SHARE);
    const occupants = groupRental ? registered + 4 + random.int(6) : registered;
    rows.dwellings.push([
      id,
      community.code,
      community.streetCode,
      address,
      groupRental ? 30 + random.int(40) : 40 + random.int(90),
      registered,
    ]);
    for (let back = 3; back >= 1; back--) {
      const month = monthsBefore(city.referenceDate.slice(0, 7), back);
      const use = (norm: { base: number; perPerson: number }) =>
        Math.round((norm.base + norm.perPerson * occupants * (0.8 + random.next() * 0.4)) * 10) /
        10;
      rows.readings.push([
        id,
        month,
        use(USAGE_NORMS.water),
        use(USAGE_NORMS.electricity),
        use(USAGE_NORMS.gas),
        Math.round(use(USAGE_NORMS.deliveries)),
      ]);
    }
  });
  return rows;
}

/** The month `count` months before a YYYY-MM month. */
export function monthsBefore(month: string, count: number): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (number - 1) - count;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}
