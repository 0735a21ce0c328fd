import { BadUserInputError, requireDate, requireStreet } from '@cityhub/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { enterprisesConfig } from '../config.js';
import type { DbWarningRow } from '../repositories/rows.js';
import { lazyConnectionResolvers, once, pageWithCursor } from './connections.js';

const MAX_MONTHS = 60;

function warningKey(row: DbWarningRow): string {
  return `${row.month}/${row.id}`;
}

export const indicatorResolvers: Resolvers = {
  Mutation: {
    recordOperatingIndicators: (_parent, { records, warnAbove }, { indicatorManager }) =>
      indicatorManager.record(records, warnAbove ?? enterprisesConfig().ENTERPRISES_WARNING_SHARE),
  },
  Enterprise: {
    indicators: ({ credit_code }, { months }, { loaders }) => {
      const count = months ?? 12;
      if (!Number.isInteger(count) || count < 1 || count > MAX_MONTHS)
        throw new BadUserInputError('months', `must be 1 to ${MAX_MONTHS}`);
      return loaders.indicatorsByEnterprise.load({ creditCode: credit_code, months: count });
    },
    warnings: ({ credit_code }, _args, { loaders }) =>
      loaders.warningsByEnterprise.load(credit_code),
  },
  Street: {
    enterpriseWarnings: ({ code }, args, { loaders, caller }) => {
      requireStreet(caller, code);
      const since = args.since ? requireDate('since', args.since) : null;
      const page = pageWithCursor(args, /^\d{4}-\d{2}-\d{2}\/\d{1,15}$/);
      return {
        ...page,
        rows: once(() =>
          loaders.warningPageByStreet.load({
            streetCode: code,
            since,
            limit: page.limit + 1,
            afterKey: page.afterKey,
          }),
        ),
        total: once(() => loaders.warningTotalByStreet.load({ streetCode: code, since })),
      };
    },
  },
  OperatingWarningConnection: lazyConnectionResolvers(warningKey),
  OperatingIndicator: {
    operatingProfit: (row) => Number(row.operating_profit),
    revenue: (row) => Number(row.revenue),
  },
  OperatingWarning: {
    id: (row) => String(row.id),
    enterprise: async ({ credit_code }, _args, { loaders }) =>
      (await loaders.enterpriseByCode.load(credit_code))!,
    previousValue: (row) => Number(row.previous_value),
    currentValue: (row) => Number(row.current_value),
    changeRatio: (row) => Number(row.change_ratio),
    threshold: (row) => Number(row.threshold),
    raisedAt: (row) => row.raised_at,
  },
};
