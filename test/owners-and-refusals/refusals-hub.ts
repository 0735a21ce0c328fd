import { testDatabase } from '../support/database.js';
import { authHeaders, graphql, useTestHub, testCity } from '../support/hub.js';

export const enterprisesDb = testDatabase('enterprises');
export const sitesDb = testDatabase('sites');
export const hub = useTestHub(enterprisesDb, sitesDb);

export const STREET = '310104003';
export const ask = (
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string>,
) => graphql(hub().gateway.url, query, variables, headers);
export const official = (street: string) =>
  authHeaders({ subject: `official-${street}`, roles: ['street-official'], streets: [street] });
/** The first generated resident who lives on another street than `street`. */
export function residentOffStreet(street: string): number {
  for (let i = 0; ; i++) if (!testCity().person(i).communityCode.startsWith(street)) return i;
}
export const errorsAt = (response: { errors?: any[] }) =>
  (response.errors ?? []).map((error) => [error.path, error.extensions?.code]);
