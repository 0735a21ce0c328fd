import { dateWindow, lazyConnection, lazyConnectionResolvers, pageWithCursor } from '@cityhub/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import type { DbScreeningCaseRow } from '../repositories/rows.js';
import { streetsInView } from '../rules/access-rules.js';
import { siteOf } from './site-of.js';

const MAX_ARRIVAL_WINDOW_DAYS = 92;

export const screeningResolvers: Resolvers = {
  Query: {
    screeningCases: (_parent, args, { screening, caller }) => {
      const filter = {
        streetCodes: streetsInView(caller, args.streetCode),
        siteId: args.siteId ?? null,
        status: args.status ?? null,
      };
      return lazyConnection(
        pageWithCursor(args, /^\d+$/),
        ({ limit, afterKey }) => screening.casesPage(filter, limit + 1, afterKey),
        () => screening.casesCount(filter),
      );
    },
    keyRegionWorkerArrivals: (_parent, args, { workers, caller }) => {
      const window = dateWindow(args.from, args.to, MAX_ARRIVAL_WINDOW_DAYS);
      return workers.keyRegionArrivals(
        window.from,
        window.to,
        streetsInView(caller, args.streetCode),
      );
    },
  },
  Mutation: {
    resolveScreeningCase: (_parent, { input }, { screeningManager }) =>
      screeningManager.resolve(input),
  },
  ScreeningCaseConnection: lazyConnectionResolvers((row: DbScreeningCaseRow) => String(row.id)),
  ScreeningCase: {
    id: (row) => String(row.id),
    person: (row) => ({ id: row.personId }),
    site: siteOf,
  },
  WorkerArrival: {
    person: (row) => ({ id: row.personId }),
    site: siteOf,
  },
};
