import { SCOPES, coversStreet, hasScope, requireStreet, type Caller } from '@cityhub/kit';
import type { DbEnterpriseRow } from '../repositories/rows.js';

/**
 * Who may do what with an enterprise's filings and shops. Pure functions of the caller, so that
 * the rules are tested without a database and read in one place.
 */
export interface EnterpriseParty {
  legalRepPersonId: string;
  streetCode: string;
}

export function partyOf(enterprise: DbEnterpriseRow): EnterpriseParty {
  return { legalRepPersonId: enterprise.legalRepPersonId, streetCode: enterprise.streetCode };
}

/**
 * The street rule of lists: street-local roles see only their streets' rows. The streets a list may
 * show: the one asked for, if the caller covers it, or all the caller covers (null: every street).
 */
export function streetsInView(
  caller: Caller,
  streetCode: string | null | undefined,
): string[] | null {
  if (!streetCode) return caller.streets;
  requireStreet(caller, streetCode);
  return [streetCode];
}

/** The caller is the person named as the enterprise's legal representative (法定代表人). */
export function isLegalRepresentative(caller: Caller, enterprise: EnterpriseParty): boolean {
  return (
    caller.kind !== 'anonymous' &&
    caller.personId !== null &&
    caller.personId === enterprise.legalRepPersonId
  );
}

/** An official whose role covers the street, with the right to review filings. */
export function isStreetOfficial(caller: Caller, streetCode: string): boolean {
  return (
    caller.kind !== 'anonymous' &&
    hasScope(caller, SCOPES.filingReview) &&
    coversStreet(caller, streetCode)
  );
}

/**
 * Acting for the enterprise (approving its employees, submitting its filing): its legal
 * representative, or a hub service acting on the representative's behalf (the filing app's
 * backend, which identified the representative itself); officials review, they do not act for firms.
 */
export function actsForEnterprise(caller: Caller, enterprise: EnterpriseParty): boolean {
  if (!hasScope(caller, SCOPES.enterpriseWrite)) return false;
  return isLegalRepresentative(caller, enterprise) || caller.kind === 'service';
}

/** Opening a filing: the legal representative, or an official of the enterprise's street. */
export function mayOpenFiling(caller: Caller, enterprise: EnterpriseParty): boolean {
  return actsForEnterprise(caller, enterprise) || isStreetOfficial(caller, enterprise.streetCode);
}

/** Employees' registrations are people's rows: the enterprise's own representative, or officials and services covering its street. */
export function maySeeRegistrations(caller: Caller, enterprise: EnterpriseParty): boolean {
  if (isLegalRepresentative(caller, enterprise)) return true;
  const official =
    hasScope(caller, SCOPES.filingReview) ||
    (caller.kind === 'service' && hasScope(caller, SCOPES.enterpriseRead));
  return caller.kind !== 'anonymous' && official && coversStreet(caller, enterprise.streetCode);
}

/** Recording indicators: services and department users for any enterprise; a representative only for their own. */
export function mayRecordIndicators(caller: Caller, enterprise: EnterpriseParty): boolean {
  if (!hasScope(caller, SCOPES.enterpriseWrite)) return false;
  if (caller.kind === 'service') return true;
  if (caller.personId !== null && !hasScope(caller, SCOPES.filingReview))
    return isLegalRepresentative(caller, enterprise);
  return caller.kind === 'user' && coversStreet(caller, enterprise.streetCode);
}

/**
 * An enterprise's revenue and profit: officials covering its street, services and integrators with
 * enterprise:read; a caller acting as a person (a legal representative) only for their own firm.
 */
export function maySeeFinances(caller: Caller, enterprise: EnterpriseParty): boolean {
  if (caller.kind === 'anonymous') return false;
  if (isLegalRepresentative(caller, enterprise)) return true;
  if (caller.personId !== null && !hasScope(caller, SCOPES.filingReview)) return false;
  if (caller.roles.some((role) => role === 'legal-representative')) return false;
  return coversStreet(caller, enterprise.streetCode);
}

/** A shop's staff code: its operator, and officials (or services) covering its street. */
export function maySeeStaffCode(
  caller: Caller,
  shop: { operatorPersonId: string; streetCode: string },
): boolean {
  if (caller.kind === 'anonymous') return false;
  if (caller.personId !== null && caller.personId === shop.operatorPersonId) return true;
  const official = hasScope(caller, SCOPES.filingReview) || caller.kind === 'service';
  return official && coversStreet(caller, shop.streetCode);
}
