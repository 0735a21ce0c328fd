import { departmentEnvironment, flagSchema } from '@cityhub/kit';
import { z } from 'zod';

export interface DispatchSettings {
  escalationSchedule: string;
  escalationEnabled: boolean;
  attachmentMaxBytes: number;
}

/** The dispatch department's own settings, beyond those every subgraph shares; parsed at start. */
export const dispatchEnvironment = departmentEnvironment({
  // When overdue orders are looked for (croner, with seconds): every 30 seconds by default.
  DISPATCH_ESCALATION_SCHEDULE: z.string().min(9).default('*/30 * * * * *'),
  DISPATCH_ESCALATION_ENABLED: flagSchema.default(true),
  // An attachment's size once decoded. The gateway's body limit (100 KB by default) also bounds it.
  DISPATCH_ATTACHMENT_MAX_BYTES: z.coerce.number().int().min(1).max(10_485_760).default(65_536),
}).transform((env): DispatchSettings => ({
  escalationSchedule: env.DISPATCH_ESCALATION_SCHEDULE,
  escalationEnabled: env.DISPATCH_ESCALATION_ENABLED,
  attachmentMaxBytes: env.DISPATCH_ATTACHMENT_MAX_BYTES,
}));
