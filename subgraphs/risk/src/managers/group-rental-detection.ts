import type { Database } from '@cityhub/kit';
import { flagsRaisedEvents, riskOutbox } from '../events.js';
import { addressKey } from '../gateway/inputs.js';
import type { HousingStore, NewFlag } from '../repositories/housing-store.js';
import { assessDwelling } from './group-rental-rule.js';

/** Residents registered at addresses, keyed by addressKey; null when population cannot say. */
export type RegisteredResidentsLookup = (
  addresses: Array<{ communityCode: string; address: string }>,
) => Promise<Map<string, number> | null>;

export interface DetectionOutcome {
  month: string;
  flagged: number;
  dwellings: number;
  registeredFromPopulation: boolean;
}

/**
 * Checks every dwelling's readings for the latest month up to the date and saves the flags, with
 * the events of those raised for the first time in the same transaction. Returns the month checked
 * and how many flags it raised, or null when there are no readings.
 */
export async function detectGroupRentals(
  db: Database,
  housing: HousingStore,
  date: string,
  registeredAt?: RegisteredResidentsLookup,
): Promise<DetectionOutcome | null> {
  const month = await housing.latestReadingMonth(date);
  if (!month) return null;
  const uses = await housing.monthUse(month);
  // Who is registered at each address is population's to say; the housing feed's own figure is the fallback.
  const registered = registeredAt
    ? await registeredAt(
        uses.map((use) => ({ communityCode: use.communityCode, address: use.address })),
      )
    : null;
  const flags: NewFlag[] = [];
  for (const use of uses) {
    const registeredResidents = registered
      ? (registered.get(addressKey(use.communityCode, use.address)) ?? 0)
      : use.registeredResidents;
    const finding = assessDwelling({
      registeredResidents,
      waterM3: use.waterM3,
      electricityKwh: use.electricityKwh,
      gasM3: use.gasM3,
      deliveries: use.deliveries,
    });
    if (!finding.flagged) continue;
    flags.push({
      dwellingId: use.dwellingId,
      month,
      communityCode: use.communityCode,
      streetCode: use.streetCode,
      usageRatio: finding.usageRatio,
      estimatedOccupants: finding.estimatedOccupants,
      evidence: finding.evidence,
    });
  }
  await db.transaction(async (trx) => {
    const saved = await housing.in(trx).upsertFlags(flags);
    await riskOutbox.add(trx, ...flagsRaisedEvents(saved.filter((flag) => flag.inserted)));
  });
  return {
    month,
    flagged: flags.length,
    dwellings: uses.length,
    registeredFromPopulation: registered !== null,
  };
}
