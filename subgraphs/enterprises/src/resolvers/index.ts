import { scalarResolvers } from '@cityhub/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { filingResolvers } from './filings.js';
import { indicatorResolvers } from './indicators.js';
import { registryResolvers } from './registry.js';
import { shopResolvers } from './shops.js';

const parts = [registryResolvers, filingResolvers, shopResolvers, indicatorResolvers];

/** Types that several parts contribute fields to are merged field by field. */
function merged<K extends keyof Resolvers>(type: K): Resolvers[K] {
  return Object.assign({}, ...parts.map((part) => part[type] ?? {})) as Resolvers[K];
}

export const resolvers: Resolvers = {
  Date: scalarResolvers.Date,
  DateTime: scalarResolvers.DateTime,
  DivisionCode: scalarResolvers.DivisionCode,
  ...registryResolvers,
  ...filingResolvers,
  ...shopResolvers,
  ...indicatorResolvers,
  Query: merged('Query'),
  Mutation: merged('Mutation'),
  Enterprise: merged('Enterprise'),
  Street: merged('Street'),
};
