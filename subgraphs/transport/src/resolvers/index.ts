import { importJobResolvers } from '@cityhub/importer';
import { mergeResolvers, scalarResolvers } from '@cityhub/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { checkpointResolvers } from './checkpoints.js';
import { feedResolvers } from './feed.js';
import { flowResolvers } from './flow.js';
import { hourProfileResolvers } from './hour-profile.js';
import { passengerResolvers } from './passengers.js';
import { peopleResolvers } from './people.js';
import { stationResolvers } from './stations.js';

export const resolvers = mergeResolvers<Resolvers>(
  { Date: scalarResolvers.Date, DateTime: scalarResolvers.DateTime },
  stationResolvers,
  flowResolvers,
  passengerResolvers,
  checkpointResolvers,
  feedResolvers,
  peopleResolvers,
  hourProfileResolvers,
  importJobResolvers('transport'),
);
