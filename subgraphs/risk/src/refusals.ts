import { refusalsOf } from '@cityhub/kit';

/** The codes of refused state changes; each says which rule was broken, and nothing was changed. */
export const REFUSALS = {
  runInProgress: 'RUN_IN_PROGRESS',
} as const;

export const refuse = refusalsOf(REFUSALS);
