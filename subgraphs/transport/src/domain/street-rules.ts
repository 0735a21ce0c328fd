import { coversStreet, requireStreet, type Caller } from '@cityhub/kit';

/**
 * Row rule for street-local roles: rows of a station or checkpoint belong to the street it stands
 * on. Returns the codes of the places whose rows the caller may list, optionally one place or one
 * kind; asking for a place on a street the caller does not cover is refused.
 */
export function placesVisibleTo<T extends { code: string; street_code: string; kind?: string }>(
  caller: Caller,
  places: readonly T[],
  onlyCode: string | null,
  onlyKind: string | null = null,
): string[] {
  if (onlyCode) {
    const place = places.find((candidate) => candidate.code === onlyCode);
    if (!place) return [];
    requireStreet(caller, place.street_code);
    return onlyKind && place.kind !== onlyKind ? [] : [onlyCode];
  }
  return places
    .filter(
      (place) => (!onlyKind || place.kind === onlyKind) && coversStreet(caller, place.street_code),
    )
    .map((place) => place.code);
}
