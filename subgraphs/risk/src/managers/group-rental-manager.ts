import { ForbiddenError, hubEvent, requireStreet, type Caller } from '@cityhub/kit';
import type { HousingStore } from '../repositories/housing-store.js';
import type { DbGroupRentalFlagRow } from '../repositories/rows.js';

/**
 * An official's finding on a flag. A street official may review only the flags of their streets;
 * a later review replaces an earlier one, and the detection never overwrites it.
 */
export async function reviewFlag(
  housing: HousingStore,
  caller: Caller,
  id: number,
  outcome: 'CONFIRMED' | 'FALSE_ALARM',
  note: string | null,
): Promise<DbGroupRentalFlagRow | null> {
  if (caller.kind !== 'user')
    throw new ForbiddenError('Only an official can review a group-rental flag.');
  const [flag] = await housing.flagsByIds([id]);
  if (!flag) return null;
  requireStreet(caller, flag.street_code);
  const reviewed = await housing.review(
    id,
    outcome,
    caller.id,
    note?.trim().slice(0, 500) || null,
    (row) => [
      hubEvent(
        'risk.group_rental_flag_reviewed',
        { streetCode: row.street_code, communityCode: row.community_code },
        { flagId: row.id, dwellingId: String(row.dwelling_id), outcome },
      ),
    ],
  );
  return reviewed ?? null;
}
