import {
  BadUserInputError,
  ForbiddenError,
  lazyConnection,
  lazyConnectionResolvers,
  pageWithCursor,
  requireDate,
  requireStreet,
  type Caller,
} from '@cityhub/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import type { DbEnterpriseRow, DbWarningRow } from '../repositories/rows.js';
import { maySeeFinances, partyOf } from '../rules/access-rules.js';

const MAX_MONTHS = 60;

function warningKey(row: DbWarningRow): string {
  return `${row.month}/${row.id}`;
}

function requireFinances(caller: Caller, enterprise: DbEnterpriseRow): void {
  if (!maySeeFinances(caller, partyOf(enterprise)))
    throw new ForbiddenError(
      "An enterprise's figures are for officials of its street and its own legal representative.",
      { creditCode: enterprise.creditCode },
    );
}

export const indicatorResolvers: Resolvers = {
  Mutation: {
    recordOperatingIndicators: (_parent, { records, warnAbove }, { indicatorManager, settings }) =>
      indicatorManager.record(records, warnAbove ?? settings.ENTERPRISES_WARNING_SHARE),
  },
  Enterprise: {
    indicators: (enterprise, { months }, { loaders, caller }) => {
      requireFinances(caller, enterprise);
      const { creditCode } = enterprise;
      const count = months ?? 12;
      if (!Number.isInteger(count) || count < 1 || count > MAX_MONTHS)
        throw new BadUserInputError('months', `must be 1 to ${MAX_MONTHS}`);
      return loaders.indicatorsByEnterprise.load({ creditCode, months: count });
    },
    warnings: (enterprise, _args, { loaders, caller }) => {
      requireFinances(caller, enterprise);
      return loaders.warningsByEnterprise.load(enterprise.creditCode);
    },
  },
  Street: {
    enterpriseWarnings: ({ code }, args, { loaders, caller }) => {
      requireStreet(caller, code);
      // Warnings carry each firm's figures: not for a representative browsing other firms.
      if (!maySeeFinances(caller, { legalRepPersonId: '', streetCode: code }))
        throw new ForbiddenError("A street's warnings are for its officials.", {
          streetCode: code,
        });
      const since = args.since ? requireDate('since', args.since) : null;
      return lazyConnection(
        pageWithCursor(args, /^\d{4}-\d{2}-\d{2}\/\d{1,15}$/),
        ({ limit, afterKey }) =>
          loaders.warningPageByStreet.load({ streetCode: code, since, limit: limit + 1, afterKey }),
        () => loaders.warningTotalByStreet.load({ streetCode: code, since }),
      );
    },
  },
  OperatingWarningConnection: lazyConnectionResolvers(warningKey),
  OperatingWarning: {
    id: (row) => String(row.id),
    enterprise: async ({ creditCode }, _args, { loaders }) =>
      (await loaders.enterpriseByCode.load(creditCode))!,
  },
};
