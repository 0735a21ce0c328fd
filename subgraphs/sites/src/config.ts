import { departmentEnvironment, flagSchema } from '@cityhub/kit';
import { z } from 'zod';

export interface MissingReportSettings {
  /** Minutes after city midnight. */
  deadlineMinutes: number;
  enabled: boolean;
}

/** The sites department's own settings, beyond those every subgraph shares. */
export const sitesEnvironment = departmentEnvironment({
  // A construction site's daily report is due by this city time (HH:MM) of the day it covers.
  SITES_REPORT_DEADLINE: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM, e.g. 10:00')
    .default('10:00'),
  SITES_REPORT_CHECK_ENABLED: flagSchema.default(true),
}).transform((env): MissingReportSettings => {
  const [hours, minutes] = env.SITES_REPORT_DEADLINE.split(':').map(Number);
  return { deadlineMinutes: hours! * 60 + minutes!, enabled: env.SITES_REPORT_CHECK_ENABLED };
});
