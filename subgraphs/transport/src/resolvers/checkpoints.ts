import { BadUserInputError, connectionFrom, pageOf, requireStreet } from '@cityhub/kit';
import { isKeyRegion } from '@cityhub/synthetic-city';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { hourAt, hourIndexOf } from '../domain/time.js';
import { hourlyWindow, hoursOf } from '../domain/windows.js';
import type { DbCheckpointPassageRow } from '../repositories/rows.js';
import { INSTANT_CURSOR, instantKey } from './passengers.js';
import { location } from './stations.js';

const passageKey = (row: DbCheckpointPassageRow) => instantKey(row.passed_at, row.id);

export const checkpointResolvers: Resolvers = {
  Query: {
    checkpoints: (_parent, _args, { loaders }) => loaders.allCheckpoints.load('all'),
    checkpoint: (_parent, { code }, { loaders }) =>
      loaders.checkpointByCode.load(code.trim().toUpperCase()),
  },
  Checkpoint: {
    __resolveReference: ({ code }, { loaders }) => loaders.checkpointByCode.load(code),
    street: (row) => ({ code: row.street_code }),
    location,
    hourlyCounts: async ({ code }, args, { loaders }) => {
      const range = hoursOf(hourlyWindow(args.from, args.to));
      const first = hourIndexOf(range.from);
      const byHour = await loaders.checkpointHourly.load({
        code,
        fromHour: first,
        hours: range.hours,
      });
      return Array.from({ length: range.hours }, (_, i) => {
        const row = byHour.get(first + i);
        return {
          hour: hourAt(first + i),
          inboundVehicles: row?.inbound_vehicles ?? 0,
          outboundVehicles: row?.outbound_vehicles ?? 0,
          inboundPeople: row?.inbound_people ?? 0,
          keyRegionVehicles: row?.key_region_vehicles ?? 0,
        };
      });
    },
    peopleChecked: ({ code }, args, { loaders }) => {
      const window = hourlyWindow(args.from, args.to);
      return loaders.peopleChecked.load({
        code,
        from: window.from.toISOString(),
        to: window.to.toISOString(),
      });
    },
    passages: (row, args, { caller, checkpoints }) => {
      requireStreet(caller, row.street_code);
      const window = hourlyWindow(args.from, args.to);
      const page = pageOf(args);
      if (page.afterKey !== null && !INSTANT_CURSOR.test(page.afterKey))
        throw new BadUserInputError('after', 'not a cursor of this list');
      const filter = { checkpointCode: row.code, ...window };
      let rows: Promise<DbCheckpointPassageRow[]> | undefined;
      return {
        filter,
        ...page,
        rows: () => (rows ??= checkpoints.passagePage(filter, page.limit + 1, page.afterKey)),
      };
    },
  },
  CheckpointPassageConnection: {
    edges: async (page) => connectionFrom(await page.rows(), page, passageKey).edges,
    pageInfo: async (page) => connectionFrom(await page.rows(), page, passageKey).pageInfo,
    totalCount: ({ filter }, _args, { checkpoints }) => checkpoints.passageCount(filter),
  },
  CheckpointPassage: {
    id: (row) => String(row.id),
    checkpoint: async ({ checkpoint_code }, _args, { loaders }) =>
      (await loaders.checkpointByCode.load(checkpoint_code))!,
    passedAt: (row) => row.passed_at,
    vehicleKind: (row) => row.vehicle_kind,
    originCode: (row) => row.origin_code,
    fromKeyRegion: (row) => isKeyRegion(row.origin_code),
    peopleChecked: (row) => row.person_ids.map((id) => ({ id })),
  },
};
