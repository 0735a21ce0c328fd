import { ForbiddenError, hasScope, requireStreet, SCOPES, type Caller } from '@cityhub/kit';

/**
 * Row rules for street-local roles (a street official sees only their streets' rows). Returns the
 * streets a list may show: the one asked for, if the caller covers it, or all the caller covers
 * (null: every street).
 */
export function streetsInView(
  caller: Caller,
  streetCode: string | null | undefined,
): string[] | null {
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

/**
 * A contractor reports only for the sites it is the general contractor of (its credit code in the
 * token); supervisors, who screen, may correct any report of their streets.
 */
export function requireReporterOf(
  caller: Caller,
  site: { contractor_credit_code: string | null },
): void {
  if (!caller.roles.includes('contractor') || hasScope(caller, SCOPES.sitesScreen)) return;
  if (!caller.organization || site.contractor_credit_code !== caller.organization) {
    throw new ForbiddenError('A contractor reports only for its own construction sites.', {
      contractor: caller.organization ?? null,
    });
  }
}
