import { z } from 'zod';
import { SCOPES } from '../../caller.js';
import { date, type EventDefinition } from './fields.js';

/** The sites department's events. */
export const SITES_EVENTS = {
  'sites.screening_case_opened': {
    version: 1,
    department: 'sites',
    scope: SCOPES.sitesRead,
    description: 'A site worker arrived from a key region: a screening case (排查) was opened.',
    data: z.object({ caseId: z.number().int(), siteId: z.string(), reportDate: date }),
  },
  'sites.screening_case_resolved': {
    version: 1,
    department: 'sites',
    scope: SCOPES.sitesRead,
    description: 'A supervisor closed a screening case: the worker verified or cleared.',
    data: z.object({
      caseId: z.number().int(),
      siteId: z.string(),
      outcome: z.enum(['VERIFIED', 'CLEARED']),
    }),
  },
  'sites.report_missing': {
    version: 1,
    department: 'sites',
    scope: SCOPES.sitesRead,
    description:
      "An active construction site's daily report for the date had not arrived by the deadline (10:00 city time by default); once per site and day.",
    data: z.object({ siteId: z.string(), date }),
  },
} as const satisfies Record<string, EventDefinition>;
