import { scalarResolvers } from '@cityhub/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { keyStateOf } from '../managers/key-manager.js';

export const resolvers: Resolvers = {
  DateTime: scalarResolvers.DateTime,
  Query: {
    apiKeys: (_parent, { department }, { keys }) => keys.list(department),
    apiKey: (_parent, { id }, { keys }) => keys.byId(id),
  },
  Mutation: {
    createApiKey: (_parent, { input }, { keys }) => keys.create(input),
    rotateApiKey: (_parent, { id, graceSeconds }, { keys }) =>
      keys.rotate(id, graceSeconds ?? 86_400),
    expireApiKey: (_parent, { id, expiresAt }, { keys }) => keys.expire(id, expiresAt ?? null),
    revokeApiKey: (_parent, { id }, { keys }) => keys.revoke(id),
  },
  ApiKey: {
    state: (key) => keyStateOf(key),
    usage: (key, _args, { loaders }) => loaders.usageByKey.load(key.id),
    changes: (key, _args, { keys }) => keys.changes(key),
  },
  ApiKeyChange: {
    detail: (change) => JSON.stringify(change.detail),
  },
};
