import {
  DEFAULT_DISCLOSURE_RULE,
  mayReadPersonalData,
  publishedCount,
  type Caller,
} from '@cityhub/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import type { DbStatsRow, StatsParent } from '../repositories/rows.js';
import { entityOrders } from './orders.js';

const NO_ORDERS = { open: 0, overdue: 0, resolved: 0, medianMinutes: null };

/**
 * A median over resolved orders is published only when their count is: a median of two orders is
 * nearly their times themselves.
 */
function publishedMedian(row: DbStatsRow, caller: Caller): number | null {
  if (mayReadPersonalData(caller)) return row.medianMinutes;
  return publishedCount(row.resolved, DEFAULT_DISCLOSURE_RULE) === null ? null : row.medianMinutes;
}

export const entityResolvers: Resolvers = {
  Street: {
    workOrderStats: async ({ code }, _args, { loaders }): Promise<StatsParent> => {
      const rows = await loaders.statsByStreet.load(code);
      const whole = rows.find((row) => row.category === null);
      return {
        streetCode: code,
        category: null,
        ...(whole ?? NO_ORDERS),
        categories: rows.filter((row) => row.category !== null),
      };
    },
  },
  WorkOrderStats: {
    resolvedLast30Days: (row) => row.resolved,
    medianMinutesToClose: (row, _args, { caller }) => publishedMedian(row, caller),
    byCategory: (row) => row.categories,
  },
  WorkOrderCategoryStats: {
    category: (row) => row.category!,
    resolvedLast30Days: (row) => row.resolved,
    medianMinutesToClose: (row, _args, { caller }) => publishedMedian(row, caller),
  },
  Community: {
    workOrders: ({ code }, args, context) => entityOrders('communityCode', code, args, context),
  },
  Enterprise: {
    workOrders: ({ creditCode }, args, context) =>
      entityOrders('creditCode', creditCode, args, context),
  },
  Site: {
    workOrders: ({ id }, args, context) => entityOrders('siteId', id, args, context),
  },
};
