import { refusalsOf } from '@cityhub/kit';

/** The codes of refused state changes; each says which rule was broken, and nothing was changed. */
export const REFUSALS = {
  workOrderState: 'WORK_ORDER_STATE',
} as const;

export const refuse = refusalsOf(REFUSALS);
