import { coversStreet, requireStreet, type Caller } from '@cityhub/kit';

/** A station or checkpoint: its rows belong to the street it stands on. */
export interface Place {
  code: string;
  streetCode: string;
  kind?: string;
}

/**
 * Row rule for street-local roles. Returns the codes of the places whose rows the caller may list,
 * optionally one place or one kind; asking for a place on a street the caller does not cover is refused.
 */
export function placesVisibleTo(
  caller: Caller,
  places: readonly Place[],
  onlyCode: string | null,
  onlyKind: string | null = null,
): string[] {
  if (onlyCode) {
    const place = places.find((candidate) => candidate.code === onlyCode);
    if (!place) return [];
    requireStreet(caller, place.streetCode);
    return onlyKind && place.kind !== onlyKind ? [] : [onlyCode];
  }
  return places
    .filter(
      (place) => (!onlyKind || place.kind === onlyKind) && coversStreet(caller, place.streetCode),
    )
    .map((place) => place.code);
}

/** A person's own trips as the caller may see them: only those through places on the caller's streets. */
export async function tripsVisibleTo<T>(
  caller: Caller,
  trips: Promise<readonly T[]>,
  placeOf: (trip: T) => string,
  places: () => Promise<readonly Place[]>,
): Promise<T[]> {
  if (caller.streets === null) return [...(await trips)];
  const visible = new Set(placesVisibleTo(caller, await places(), null));
  return (await trips).filter((trip) => visible.has(placeOf(trip)));
}
