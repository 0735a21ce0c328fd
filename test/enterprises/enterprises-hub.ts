import { testDatabase } from '../support/database.js';
import { authHeaders, graphql, useTestHub } from '../support/hub.js';

export const db = testDatabase('enterprises');
export const hub = useTestHub(db);

export const ask = (
  query: string,
  variables?: Record<string, unknown>,
  headers?: Record<string, string>,
) => graphql(hub().gateway.url, query, variables, headers);
/** The legal representative signed in as a resident: acts for the enterprise, sees no personal data unmasked. */
export const representativeOf = (personId: string) =>
  authHeaders({ subject: `resident-${personId}`, roles: ['legal-representative'], personId }, null);
export const officialOf = (street: string) =>
  authHeaders({ subject: `official-${street}`, roles: ['street-official'], streets: [street] });
/** An employee signed in on their phone as a resident with no department role. */
export const employee = (i: number) =>
  authHeaders({ subject: `employee-${i}`, roles: ['viewer'] }, null);
export const REGISTER =
  'mutation ($code: String!, $r: RegistrantInput!) { registerForFiling(code: $code, registrant: $r) { registrationId created status registeredWith } }';
