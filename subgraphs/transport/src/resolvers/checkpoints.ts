import { lazyConnectionResolvers } from '@cityhub/kit';
import { isKeyRegion } from '@cityhub/synthetic-city';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { hourlyWindowKey } from '../managers/flow-windows.js';
import { passageKey } from '../managers/trip-manager.js';
import { location } from './stations.js';

export const checkpointResolvers: Resolvers = {
  Query: {
    checkpoints: (_parent, _args, { loaders }) => loaders.allCheckpoints(),
    checkpoint: (_parent, { code }, { loaders }) =>
      loaders.checkpointByCode.load(code.trim().toUpperCase()),
  },
  Checkpoint: {
    __resolveReference: ({ code }, { loaders }) => loaders.checkpointByCode.load(code),
    street: (row) => ({ code: row.streetCode }),
    location,
    hourlyCounts: ({ code }, args, { flow }) => flow.checkpointHours(code, args.from, args.to),
    peopleChecked: ({ code }, args, { loaders }) =>
      loaders.peopleChecked.load({ code, ...hourlyWindowKey(args.from, args.to) }),
    passages: (row, args, { trips }) => trips.passages(row, args),
  },
  CheckpointPassageConnection: lazyConnectionResolvers(passageKey),
  CheckpointPassage: {
    id: (row) => String(row.id),
    checkpoint: async ({ checkpointCode }, _args, { loaders }) =>
      (await loaders.checkpointByCode.load(checkpointCode))!,
    fromKeyRegion: (row) => isKeyRegion(row.originCode),
    peopleChecked: (row) => row.personIds.map((id) => ({ id })),
  },
};
