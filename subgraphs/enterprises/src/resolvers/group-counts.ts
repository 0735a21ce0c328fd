import { MAX_GROUP_DAYS, dateWindow, requireDate } from '@cityhub/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import type { EnterprisesContext } from '../context.js';

type Level = keyof EnterprisesContext['groupCounts']['warningsByIndustry'];

/** The group-by fields of one area level (street, district, city): check arguments, then one loader each. */
function groupCountFields(level: Level) {
  return {
    warningsByIndustry: (
      { code }: { code: string },
      { since }: { since?: string | null },
      { groupCounts }: EnterprisesContext,
    ) =>
      groupCounts.warningsByIndustry[level].load({
        code,
        args: since ? requireDate('since', since) : null,
      }),
    registrationsByOriginAndDay: (
      { code }: { code: string },
      args: { from: string; to: string },
      { groupCounts }: EnterprisesContext,
    ) => {
      const { from, to } = dateWindow(args.from, args.to, MAX_GROUP_DAYS);
      return groupCounts.registrationsByOriginAndDay[level].load({ code, args: { from, to } });
    },
  };
}

export const groupCountResolvers: Resolvers = {
  Street: groupCountFields('street'),
  District: groupCountFields('district'),
  City: groupCountFields('city'),
  IndustryWarningCount: {
    industry: ({ industry }) => ({ code: industry }),
    warnings: ({ warnings }) => Number(warnings),
    enterprises: ({ enterprises }) => Number(enterprises),
  },
  RegistrationOriginDayCount: {
    originProvince: ({ origin_province }) => origin_province,
    count: ({ count }) => Number(count),
  },
};
