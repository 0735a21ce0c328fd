import { scalarResolvers } from '@cityhub/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { assessmentResolvers } from './assessments.js';
import { caseResolvers } from './cases.js';
import { creditResolvers } from './credit.js';
import { housingResolvers } from './housing.js';
import { modelAndRunResolvers } from './models-and-runs.js';

export const resolvers: Resolvers = {
  Date: scalarResolvers.Date,
  DateTime: scalarResolvers.DateTime,
  ResidentId: scalarResolvers.ResidentId,
  ...assessmentResolvers,
  ...modelAndRunResolvers,
  ...caseResolvers,
  ...housingResolvers,
  ...creditResolvers,
  // Entities extended here resolve by their key alone: the parent is the key.
  Community: { __resolveReference: ({ code }) => ({ code }), ...assessmentResolvers.Community },
  Street: { __resolveReference: ({ code }) => ({ code }), ...assessmentResolvers.Street },
  District: { __resolveReference: ({ code }) => ({ code }), ...assessmentResolvers.District },
  Enterprise: {
    __resolveReference: ({ creditCode }) => ({ creditCode }),
    ...creditResolvers.Enterprise,
  },
  Query: { ...modelAndRunResolvers.Query, ...caseResolvers.Query, ...housingResolvers.Query },
  Mutation: {
    ...modelAndRunResolvers.Mutation,
    ...caseResolvers.Mutation,
    ...housingResolvers.Mutation,
  },
};
