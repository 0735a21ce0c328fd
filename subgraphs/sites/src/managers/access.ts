import { requireStreet, type Caller } from '@cityhub/kit';

/**
 * Row rules for street-local roles (a street official sees only their streets' rows). Returns the
 * streets a list may show: the one asked for, if the caller covers it, or all the caller covers
 * (null: every street).
 */
export function streetsInView(caller: Caller, streetCode: string | null | undefined): string[] | null {
  if (streetCode) {
    requireStreet(caller, streetCode);
    return [streetCode];
  }
  return caller.streets;
}

/** A site's reports, workers and cases are rows of its street. */
export function requireSiteInView(caller: Caller, site: { street_code: string }): void {
  requireStreet(caller, site.street_code);
}
