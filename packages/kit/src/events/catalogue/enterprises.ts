import { z } from 'zod';
import { SCOPES } from '../../caller.js';
import { type EventDefinition } from './fields.js';

/** The enterprises department's events. */
export const ENTERPRISES_EVENTS = {
  'enterprises.early_warning_raised': {
    version: 1,
    department: 'enterprises',
    scope: SCOPES.enterpriseRead,
    description: "An enterprise's month moved by more than the warning share (预警).",
    data: z.object({
      warningId: z.number().int(),
      figure: z.string(),
      month: z.string(),
      changeRatio: z.number(),
    }),
  },
  'enterprises.filing_submitted': {
    version: 1,
    department: 'enterprises',
    scope: SCOPES.enterpriseRead,
    description: 'An enterprise submitted its work-resumption filing (复工备案) for review.',
    data: z.object({ filingCode: z.string() }),
  },
  'enterprises.registrations_decided': {
    version: 1,
    department: 'enterprises',
    scope: SCOPES.enterpriseRead,
    description: "The legal representative decided a batch of a filing's staff registrations.",
    aggregateFields: ['decided', 'pending'],
    data: z.object({
      filingCode: z.string(),
      decision: z.enum(['APPROVE', 'REJECT']),
      decided: z.number().int().nullable(),
      pending: z.number().int().nullable(),
      /** When the batch was decided: the registrations decided then are the batch (version 1 addition). */
      decidedAt: z.string().optional(),
    }),
  },
  'enterprises.filing_reviewed': {
    version: 1,
    department: 'enterprises',
    scope: SCOPES.enterpriseRead,
    description: 'A street official reviewed a filing (审核): the approval notice.',
    data: z.object({ filingCode: z.string(), status: z.enum(['APPROVED', 'REJECTED']) }),
  },
  'enterprises.shop_staff_decided': {
    version: 1,
    department: 'enterprises',
    scope: SCOPES.enterpriseRead,
    description: "A street shop's operator decided a batch of staff registrations.",
    aggregateFields: ['decided', 'pending'],
    data: z.object({
      shopId: z.number().int(),
      decision: z.enum(['APPROVE', 'REJECT']),
      decided: z.number().int().nullable(),
      pending: z.number().int().nullable(),
    }),
  },
} as const satisfies Record<string, EventDefinition>;
