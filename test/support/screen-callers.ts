import { expect } from 'vitest';
import { graphql } from './hub.js';

/** An operations centre's API key, made through the API by the test's administrator: its secret. */
export async function screenApiKey(gatewayUrl: string, name: string, scopes: string[]) {
  const created = await graphql(
    gatewayUrl,
    'mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }',
    {
      input: { name, department: 'xuhui-operations-centre', scopes, requestsPerMinute: 600 },
    },
  );
  expect(created.errors).toBeUndefined();
  return created.data!.createApiKey.secret as string;
}

/** A work order opened by hand through the API (`openWorkOrder`, dispatch:handle): its id. */
export async function openWorkOrder(
  gatewayUrl: string,
  official: Record<string, string>,
  streetCode: string,
): Promise<string> {
  const opened = await graphql(
    gatewayUrl,
    'mutation ($input: OpenWorkOrderInput!) { openWorkOrder(input: $input) { id } }',
    {
      input: {
        category: 'ENVIRONMENT',
        title: '小区垃圾清运不及时',
        description: '居民来电反映小区垃圾清运不及时，楼道堆放杂物',
        streetCode,
      },
    },
    official,
  );
  expect(opened.errors).toBeUndefined();
  return opened.data!.openWorkOrder.id;
}
