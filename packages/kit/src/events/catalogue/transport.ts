import { z } from 'zod';
import { SCOPES } from '../../caller.js';
import { date, type EventDefinition } from './fields.js';

/** The transport department's events. */
export const TRANSPORT_EVENTS = {
  'transport.peak_above_staffing': {
    version: 1,
    department: 'transport',
    scope: SCOPES.transportRead,
    description:
      "An hour of a station's forecast (tickets sold) needs more checkers than its roster plans; once per station and hour. `hour` is the city hour, 0 to 23.",
    data: z.object({
      stationCode: z.string(),
      date,
      hour: z.number().int(),
      needed: z.number().int(),
      rostered: z.number().int(),
    }),
  },
  'transport.feed_batch_rejected': {
    version: 1,
    department: 'transport',
    scope: SCOPES.transportIngest,
    description:
      'A feed batch had records rejected; its valid records were stored, the rejected ones not.',
    data: z.object({
      feed: z.string(),
      batchId: z.string(),
      accepted: z.number().int(),
      rejected: z.number().int(),
      /** The stations the batch's records named (known codes only, upper-case). */
      stationCodes: z.array(z.string()),
    }),
  },
} as const satisfies Record<string, EventDefinition>;
