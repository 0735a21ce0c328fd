import { ForbiddenError, UnauthenticatedError } from './errors.js';

/**
 * Who is asking. The gateway verifies the caller (a department user's JWT or an integrator's API
 * key) and passes this identity to the subgraphs in a signed header; resolvers read it from
 * `context.caller`.
 */
export interface Caller {
  kind: 'user' | 'integrator' | 'service' | 'anonymous';
  /** User id, API key id or service name. */
  id: string;
  department: string | null;
  roles: string[];
  scopes: string[];
  /** Street codes a street-local role is limited to; null when not limited. */
  streets: string[] | null;
  /** The caller as a resident (a legal representative, an employee), when known. */
  personId: string | null;
  /** The enterprise (unified social credit code) an organisation-bound role acts for, e.g. a contractor. */
  organization?: string | null;
  /** The registered purpose code stated for this request (header `x-purpose`), needed to see personal data unmasked. */
  purpose: string | null;
  /** Free text on the purpose (header `x-purpose-note`, percent-encoded UTF-8), decoded. */
  purposeNote?: string | null;
}

/** The scopes of the hub. Aggregates need only authentication; rows and personal data need these. */
export const SCOPES = {
  populationRead: 'population:read',
  piiRead: 'pii:read',
  enterpriseRead: 'enterprise:read',
  enterpriseWrite: 'enterprise:write',
  filingReview: 'filing:review',
  transportRead: 'transport:read',
  transportIngest: 'transport:ingest',
  sitesRead: 'sites:read',
  sitesReport: 'sites:report',
  sitesScreen: 'sites:screen',
  riskRead: 'risk:read',
  /** Recording findings on the risk department's flags (group rentals). */
  riskReview: 'risk:review',
  riskRun: 'risk:run',
  riskModel: 'risk:model',
  /** Pushing case reports (the health commission's feed system). */
  riskIngestCases: 'risk:ingest-cases',
  /** Pushing dwellings' meter readings (the utilities' feed system). */
  riskIngestReadings: 'risk:ingest-readings',
  auditRead: 'audit:read',
  /** Creating, rotating, expiring and revoking every department's integrator keys. */
  keysManage: 'keys:manage',
  /** The same, for the keys of the caller's own department only. */
  keysManageOwn: 'keys:manage-own',
  /** Work orders (工单) of the caller's streets: reading them and their statistics' rows. */
  dispatchRead: 'dispatch:read',
  /** Opening, accepting, reassigning, merging, splitting and closing work orders of the caller's streets. */
  dispatchHandle: 'dispatch:handle',
  /** Feeding citizen hotline (12345) calls in as work orders. */
  dispatchIntake: 'dispatch:intake',
  /** Publishing versions of the routing rules (who handles what, and by when). */
  dispatchRules: 'dispatch:rules',
  /** Every department's file imports: their progress and what they refused. */
  importsRead: 'imports:read',
  /** The same, for the caller's own department only (its data officers). */
  importsReadOwn: 'imports:read-own',
  /** Pushing health-code colour changes (the health commission's system). */
  healthCodeIngest: 'population:ingest',
  /** Keeping the list of key regions whose arrivals are screened (the health commission). */
  keyRegionsManage: 'key-regions:manage',
} as const;

export type Scope = (typeof SCOPES)[keyof typeof SCOPES];

export const ANONYMOUS: Caller = {
  kind: 'anonymous',
  id: 'anonymous',
  department: null,
  roles: [],
  scopes: [],
  streets: null,
  personId: null,
  purpose: null,
};

export function hasScope(caller: Caller, scope: string): boolean {
  return caller.scopes.includes(scope);
}

export function requireAuthenticated(caller: Caller): void {
  if (caller.kind === 'anonymous') throw new UnauthenticatedError();
}

export function requireScope(caller: Caller, scope: string): void {
  requireAuthenticated(caller);
  if (!hasScope(caller, scope))
    throw new ForbiddenError(`This needs the scope ${scope}.`, { scope });
}

/** Row rule for street-local roles: true when the caller may see rows of this street. */
export function coversStreet(caller: Caller, streetCode: string): boolean {
  return caller.streets === null || caller.streets.includes(streetCode);
}

export function requireStreet(caller: Caller, streetCode: string): void {
  if (!coversStreet(caller, streetCode))
    throw new ForbiddenError(`Your role does not cover street ${streetCode}.`, { streetCode });
}
