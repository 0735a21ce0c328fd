import type { InProcessHub } from '@cityhub/launcher';
import { SUBGRAPHS } from '@cityhub/schema';
import { afterAll, beforeAll } from 'vitest';
import { graphql, startTestHub, type GraphQLResponse } from '../support/hub.js';

export let hub: InProcessHub;
beforeAll(async () => {
  hub = await startTestHub(
    SUBGRAPHS.filter((entry) => ['integrators', 'population', 'audit'].includes(entry.name)),
  );
});
afterAll(async () => hub?.stop());

export const codeOf = (response: GraphQLResponse) => response.errors?.[0]?.extensions?.code;
export const KEY_FIELDS = `id department state scopes revokedAt previousSecretExpiresAt
  usage { requests errors rateLimited lastUsedAt }
  changes { action actor changedAt detail }`;
export const CREATE = `mutation Create($input: CreateApiKeyInput!) {
  createApiKey(input: $input) { secret key { ${KEY_FIELDS} } }
}`;
export const ROTATE = `mutation Rotate($id: ID!, $grace: Int) {
  rotateApiKey(id: $id, graceSeconds: $grace) { secret key { ${KEY_FIELDS} } }
}`;
export const REVOKE = `mutation Revoke($id: ID!) { revokeApiKey(id: $id) { ${KEY_FIELDS} } }`;
export const EXPIRE = `mutation Expire($id: ID!, $at: DateTime) {
  expireApiKey(id: $id, expiresAt: $at) { ${KEY_FIELDS} }
}`;
export const KEY = `query Key($id: ID!) { apiKey(id: $id) { ${KEY_FIELDS} } }`;
export const LIST = `query Keys($department: String) { apiKeys(department: $department) { id department } }`;
export const DISTRICTS = '{ districts { code } }';

/** A districts query made with the key: 200 while it is valid, 401 once it is not. */
export async function withKey(secret: string) {
  return graphql(hub.gateway.url, DISTRICTS, undefined, {
    'x-api-key': secret,
    'x-purpose': 'health-code-check',
  });
}

export async function create(
  input: Record<string, unknown>,
  headers?: Record<string, string>,
): Promise<GraphQLResponse> {
  return graphql(
    hub.gateway.url,
    CREATE,
    {
      input: { name: 'metro gate', scopes: ['population:read'], requestsPerMinute: 1000, ...input },
    },
    headers,
  );
}
