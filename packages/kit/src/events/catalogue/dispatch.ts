import { z } from 'zod';
import { SCOPES } from '../../caller.js';
import { type EventDefinition } from './fields.js';

const workOrderLevel = z.enum(['GRID', 'STREET', 'DISTRICT']);

/** The dispatch department's events. */
export const DISPATCH_EVENTS = {
  'dispatch.order_opened': {
    version: 1,
    department: 'dispatch',
    scope: SCOPES.dispatchRead,
    description: 'A work order (工单) was opened and routed to the unit responsible.',
    data: z.object({
      orderId: z.string(),
      category: z.string(),
      priority: z.string(),
      level: workOrderLevel,
      dueAt: z.string(),
    }),
  },
  'dispatch.order_escalated': {
    version: 1,
    department: 'dispatch',
    scope: SCOPES.dispatchRead,
    description:
      'A work order passed its deadline unresolved and went up the ladder (grid → street → district); once per order and level.',
    data: z.object({
      orderId: z.string(),
      from: workOrderLevel,
      to: workOrderLevel,
      dueAt: z.string(),
    }),
  },
  'dispatch.order_resolved': {
    version: 1,
    department: 'dispatch',
    scope: SCOPES.dispatchRead,
    description: 'A work order was resolved with evidence.',
    data: z.object({ orderId: z.string(), category: z.string(), minutesToClose: z.number() }),
  },
} as const satisfies Record<string, EventDefinition>;
