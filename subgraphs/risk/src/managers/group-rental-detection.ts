import { hubEvent } from '@cityhub/kit';
import { addressKey } from '../gateway/inputs.js';
import { assessDwelling } from '../housing/group-rental-rule.js';
import type { HousingStore, NewFlag } from '../repositories/housing-store.js';

/** Residents registered at addresses, keyed by addressKey; null when population cannot say. */
export type RegisteredResidentsLookup = (
  addresses: Array<{ communityCode: string; address: string }>,
) => Promise<Map<string, number> | null>;

/**
 * Checks every dwelling's readings for the latest month up to the date and saves the flags.
 * Returns the month checked and how many flags it raised, or null when there are no readings.
 */
export async function detectGroupRentals(
  housing: HousingStore,
  date: string,
  registeredAt?: RegisteredResidentsLookup,
): Promise<{
  month: string;
  flagged: number;
  dwellings: number;
  registeredFromPopulation: boolean;
} | null> {
  const month = await housing.latestReadingMonth(date);
  if (!month) return null;
  const uses = await housing.monthUse(month);
  // Who is registered at each address is population's to say; the housing feed's own figure is the fallback.
  const registered = registeredAt
    ? await registeredAt(
        uses.map((use) => ({ communityCode: use.community_code, address: use.address })),
      )
    : null;
  const flags: NewFlag[] = [];
  for (const use of uses) {
    const registeredResidents = registered
      ? (registered.get(addressKey(use.community_code, use.address)) ?? 0)
      : use.registered_residents;
    const finding = assessDwelling({
      registeredResidents,
      waterM3: Number(use.water_m3),
      electricityKwh: Number(use.electricity_kwh),
      gasM3: Number(use.gas_m3),
      deliveries: use.deliveries,
    });
    if (!finding.flagged) continue;
    flags.push({
      dwelling_id: use.dwelling_id,
      month,
      community_code: use.community_code,
      street_code: use.street_code,
      usage_ratio: finding.usageRatio,
      estimated_occupants: finding.estimatedOccupants,
      evidence: finding.evidence,
    });
  }
  await housing.saveFlags(flags, (raised) =>
    raised.map((flag) =>
      hubEvent(
        'risk.group_rental_flag_raised',
        { streetCode: flag.street_code, communityCode: flag.community_code },
        { flagId: flag.id, dwellingId: String(flag.dwelling_id), month: flag.month },
      ),
    ),
  );
  return {
    month,
    flagged: flags.length,
    dwellings: uses.length,
    registeredFromPopulation: registered !== null,
  };
}
