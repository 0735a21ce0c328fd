import { randomBytes } from 'node:crypto';

import { testDatabase } from '../../support/database.js';
import { graphql, useTestHub, testCity } from '../../support/hub.js';

/**
 * Rows and roles: callers reaching rows and writes that belong to someone else. Each attack goes
 * through the gateway; where a subgraph decides alone, it is also sent to the subgraph directly
 * with the identity the gateway would sign.
 */
export const sites = testDatabase('sites');
export const enterprises = testDatabase('enterprises');
export const risk = testDatabase('risk');
export const hub = useTestHub(sites, enterprises, risk);

export const city = testCity();
export const codeOf = (response: { errors?: Array<{ extensions?: Record<string, unknown> }> }) =>
  response.errors?.[0]?.extensions?.code;
export const ask = (
  query: string,
  variables?: Record<string, unknown>,
  headers?: Record<string, string>,
) => graphql(hub().gateway.url, query, variables, headers);

export async function apiKey(scopes: string[]): Promise<Record<string, string>> {
  const { secret } = await hub().gateway.apiKeys!.create({
    name: `attack-${randomBytes(3).toString('hex')}`,
    department: 'integrator',
    scopes,
    registeredOperationsOnly: false,
    requestsPerMinute: 10_000,
  });
  return { 'x-api-key': secret };
}

export async function freshSite(kind: 'CONSTRUCTION' | 'MALL', contractor: string | null) {
  const id = `A${randomBytes(6).toString('hex')}`;
  await sites('sites').insert({
    id,
    kind,
    name: `攻击测试${id}`,
    project: null,
    status: 'ACTIVE',
    address: '上海市徐汇区测试路2号',
    // A street no seeded site is on: other tests count the seeded streets' sites.
    street_code: '310104999',
    latitude: 31.17,
    longitude: 121.45,
    contractor_credit_code: contractor,
    capacity: kind === 'CONSTRUCTION' ? null : 500,
  });
  return id;
}
