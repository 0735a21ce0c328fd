import { importJobResolvers } from '@cityhub/importer';
import { mergeResolvers, scalarResolvers } from '@cityhub/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { assessmentResolvers } from './assessments.js';
import { caseResolvers } from './cases.js';
import { creditResolvers } from './credit.js';
import { feedResolvers } from './feeds.js';
import { housingResolvers } from './housing.js';
import { modelAndRunResolvers } from './models-and-runs.js';
import { seriesResolvers } from './series.js';

export const resolvers = mergeResolvers<Resolvers>(
  {
    Date: scalarResolvers.Date,
    DateTime: scalarResolvers.DateTime,
    ResidentId: scalarResolvers.ResidentId,
    // Entities extended here resolve by their key alone: the parent is the key.
    Community: { __resolveReference: ({ code }) => ({ code }) },
    Street: { __resolveReference: ({ code }) => ({ code }) },
    District: { __resolveReference: ({ code }) => ({ code }) },
    Enterprise: { __resolveReference: ({ creditCode }) => ({ creditCode }) },
  },
  assessmentResolvers,
  modelAndRunResolvers,
  caseResolvers,
  housingResolvers,
  creditResolvers,
  feedResolvers,
  seriesResolvers,
  importJobResolvers('risk'),
);
