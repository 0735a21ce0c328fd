import { importJobResolvers } from '@cityhub/importer';
import { mergeResolvers, scalarResolvers } from '@cityhub/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { entityResolvers } from './entities.js';
import { orderResolvers } from './orders.js';
import { ruleResolvers } from './rules.js';

export const resolvers = mergeResolvers<Resolvers>(
  { DateTime: scalarResolvers.DateTime },
  orderResolvers,
  entityResolvers,
  ruleResolvers,
  importJobResolvers('dispatch'),
);
