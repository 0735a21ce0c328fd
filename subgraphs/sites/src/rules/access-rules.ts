import {
  ForbiddenError,
  coversStreet,
  hasScope,
  requireStreet,
  SCOPES,
  type Caller,
} from '@cityhub/kit';

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

/** Of a list that spans streets, the rows of the streets the caller covers. */
export function rowsInView<Row>(
  caller: Caller,
  rows: Row[],
  streetOf: (row: Row) => string,
): Row[] {
  return rows.filter((row) => coversStreet(caller, streetOf(row)));
}

/** A site's reports, workers and cases are rows of its street. */
export function requireSiteInView(caller: Caller, site: { streetCode: string }): void {
  requireStreet(caller, site.streetCode);
}

/**
 * The enterprise registered on a site (its contractor's `org`) holds the relationship to its
 * reports and workers: it sees them whole (the kit's owner-view), to pre-fill today's report.
 */
export function ownsSite(caller: Caller, site: { contractorCreditCode: string | null }): boolean {
  return !!caller.organization && site.contractorCreditCode === caller.organization;
}

/**
 * Writes about a site come from its owner only: the enterprise registered on it (a construction
 * site's general contractor, a venue's operator; credit code in the token or key), or a supervisor
 * of its street (sites:screen, street-limited by requireSiteInView). A scope alone — an integrator's
 * key with sites:report — does not make a caller the owner of every site in the city.
 */
export function requireReporterOf(
  caller: Caller,
  site: { contractorCreditCode: string | null },
): void {
  if (hasScope(caller, SCOPES.sitesScreen)) return;
  if (!caller.organization || site.contractorCreditCode !== caller.organization) {
    throw new ForbiddenError(
      "Only the site's own enterprise or its street's supervisors report for it.",
      {
        organization: caller.organization ?? null,
      },
    );
  }
}
