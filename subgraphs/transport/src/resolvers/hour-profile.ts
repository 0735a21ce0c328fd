import type { Resolvers } from '../__generated__/resolvers-types.js';
import { calendarMonth } from '../hour-profile-loaders.js';

export const hourProfileResolvers: Resolvers = {
  Station: {
    hourOfDayProfile: ({ code }, { month }, { hourProfiles }) => {
      calendarMonth(month); // refuses a malformed month before any SQL
      return hourProfiles.load({ code, month });
    },
  },
  HourOfDayArrivals: {
    averagePerDay: ({ arrivals, days }) => arrivals / days,
  },
};
