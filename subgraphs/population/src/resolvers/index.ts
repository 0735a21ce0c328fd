import { importJobResolvers } from '@cityhub/importer';
import { mergeResolvers, scalarResolvers } from '@cityhub/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { boundaryResolvers } from './boundaries.js';
import { cityResolvers } from './city.js';
import { geographyResolvers } from './geography.js';
import { healthCodeFeedResolvers } from './health-code-feed.js';
import { peopleResolvers } from './people.js';
import { seriesResolvers } from './series.js';
import { registrationResolvers } from './registrations.js';

export const resolvers = mergeResolvers<Resolvers>(
  {
    Date: scalarResolvers.Date,
    DateTime: scalarResolvers.DateTime,
    ResidentId: scalarResolvers.ResidentId,
    DivisionCode: scalarResolvers.DivisionCode,
  },
  geographyResolvers,
  peopleResolvers,
  boundaryResolvers,
  seriesResolvers,
  cityResolvers,
  importJobResolvers('population'),
  healthCodeFeedResolvers,
  registrationResolvers,
);
