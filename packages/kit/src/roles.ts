import { SCOPES, type Scope } from './caller.js';

/** What an official (街道 or 区) may do in every department: read, review, screen, handle. */
const OFFICIAL_SCOPES: Scope[] = [
  SCOPES.populationRead,
  SCOPES.piiRead,
  SCOPES.enterpriseRead,
  SCOPES.filingReview,
  SCOPES.sitesRead,
  SCOPES.sitesScreen,
  SCOPES.transportRead,
  SCOPES.riskRead,
  SCOPES.riskReview,
  SCOPES.dispatchRead,
  SCOPES.dispatchHandle,
];

/** A source system's role: it may push its own feed and nothing else. */
function feedRole(description: string, scope: Scope) {
  return { description, scopes: [scope] };
}

/**
 * Roles of department users and what they may do. A token carries roles; the scopes it grants are
 * these plus any listed in the token itself. Street-local roles also carry the streets they cover.
 */
export const ROLES: Record<
  string,
  { description: string; scopes: Scope[]; streetLocal?: boolean; organizationBound?: boolean }
> = {
  viewer: { description: 'operations-centre screen: aggregates only', scopes: [] },
  'street-official': {
    description:
      'an official of one or more streets (街道): rows and personal data of those streets only',
    scopes: OFFICIAL_SCOPES,
    streetLocal: true,
  },
  'district-official': {
    description: 'an official of the district: every street, starts risk runs',
    // A street's official's work over every street, and the risk runs.
    scopes: [...OFFICIAL_SCOPES, SCOPES.riskRun],
  },
  'health-commission': {
    description: 'the health commission: case reports (reading) and the risk model',
    scopes: [
      SCOPES.populationRead,
      SCOPES.piiRead,
      SCOPES.riskRead,
      SCOPES.riskRun,
      SCOPES.riskModel,
      SCOPES.keyRegionsManage,
    ],
  },
  'legal-representative': {
    description: 'the legal representative of an enterprise (法定代表人), identified by personId',
    scopes: [SCOPES.enterpriseRead, SCOPES.enterpriseWrite],
  },
  contractor: {
    description:
      'a general contractor (its credit code in the token) reporting its own construction sites',
    scopes: [SCOPES.sitesRead, SCOPES.sitesReport],
    organizationBound: true,
  },
  'railway-feed': feedRole('the railway ticketing system pushing its feed', SCOPES.transportIngest),
  'checkpoint-feed': feedRole(
    "the traffic checkpoints' system pushing vehicle passages",
    SCOPES.transportIngest,
  ),
  'hotline-feed': feedRole(
    'the citizen hotline (12345) system pushing its calls as work orders',
    SCOPES.dispatchIntake,
  ),
  'dispatch-officer': {
    description: "the district's dispatch centre: edits the routing rules of work orders",
    scopes: [SCOPES.dispatchRead, SCOPES.dispatchHandle, SCOPES.dispatchRules],
  },
  auditor: {
    description: 'reads the audit log of personal-data reads',
    scopes: [SCOPES.auditRead],
  },
  'key-officer': {
    description: "a department's officer for its own integrators' API keys",
    scopes: [SCOPES.keysManageOwn],
  },
  'data-officer': {
    description:
      "a department's officer for its own data (its department in the token): its file imports and their rejections",
    scopes: [SCOPES.importsReadOwn],
  },
  'health-code-feed': feedRole(
    "the health commission's system pushing health-code colour changes",
    SCOPES.healthCodeIngest,
  ),
  'case-report-feed': feedRole(
    "the health commission's system pushing case reports",
    SCOPES.riskIngestCases,
  ),
  'utility-reading-feed': feedRole(
    "the utilities' system pushing dwellings' meter readings",
    SCOPES.riskIngestReadings,
  ),
  admin: { description: 'everything (development and operations)', scopes: Object.values(SCOPES) },
};

export function scopesOfRoles(roles: readonly string[]): Scope[] {
  return [...new Set(roles.flatMap((role) => ROLES[role]?.scopes ?? []))];
}
