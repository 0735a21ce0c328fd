import { z } from 'zod';
import { SCOPES } from '../../caller.js';
import { date, type EventDefinition } from './fields.js';

const riskLevel = z.enum(['RED', 'YELLOW', 'BLUE']);

/** The risk department's events. */
export const RISK_EVENTS = {
  'risk.level_changed': {
    version: 1,
    department: 'risk',
    scope: SCOPES.riskRead,
    streamToAnySignedIn: true,
    description: "A community's risk level differs from the one the hub showed before the run.",
    data: z.object({
      communityCode: z.string(),
      from: riskLevel,
      to: riskLevel,
      score: z.number(),
      runId: z.number().int(),
      date,
    }),
  },
  'risk.run_finished': {
    version: 1,
    department: 'risk',
    scope: SCOPES.riskRead,
    streamToAnySignedIn: true,
    description: 'A risk run stored its assessments.',
    data: z.object({
      runId: z.number().int(),
      date,
      communities: z.number().int(),
      levelChanges: z.number().int(),
    }),
  },
  'risk.run_failed': {
    version: 1,
    department: 'risk',
    scope: SCOPES.riskRead,
    description: 'A risk run stopped without storing assessments; it can be rerun.',
    data: z.object({ runId: z.number().int(), date, reason: z.string() }),
  },
  'risk.group_rental_flag_raised': {
    version: 1,
    department: 'risk',
    scope: SCOPES.riskRead,
    description: 'A dwelling was flagged as a suspected group rental (群租).',
    data: z.object({ flagId: z.number().int(), dwellingId: z.string(), month: z.string() }),
  },
  'risk.group_rental_flag_reviewed': {
    version: 1,
    department: 'risk',
    scope: SCOPES.riskRead,
    description: 'The housing department reviewed a group-rental flag.',
    data: z.object({ flagId: z.number().int(), dwellingId: z.string(), outcome: z.string() }),
  },
} as const satisfies Record<string, EventDefinition>;
