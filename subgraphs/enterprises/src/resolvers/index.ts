import { importJobResolvers } from '@cityhub/importer';
import { mergeResolvers, scalarResolvers } from '@cityhub/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { filingResolvers } from './filings.js';
import { groupCountResolvers } from './group-counts.js';
import { indicatorResolvers } from './indicators.js';
import { registryResolvers } from './registry.js';
import { seriesResolvers } from './series.js';
import { shopResolvers } from './shops.js';

export const resolvers = mergeResolvers<Resolvers>(
  {
    Date: scalarResolvers.Date,
    DateTime: scalarResolvers.DateTime,
    DivisionCode: scalarResolvers.DivisionCode,
  },
  registryResolvers,
  filingResolvers,
  shopResolvers,
  indicatorResolvers,
  seriesResolvers,
  groupCountResolvers,
  importJobResolvers('enterprises'),
);
