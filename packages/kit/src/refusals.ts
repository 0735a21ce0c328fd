import { ConflictError } from './errors.js';

/**
 * A department's refusals of a state change: its table of codes, and one function that throws the
 * code with what was wrong (nothing was changed). `return refuse(…)` reads as the end of a branch.
 */
export function refusalsOf<Codes extends Record<string, string>>(_codes: Codes) {
  return (
    code: Codes[keyof Codes],
    message: string,
    extra: Record<string, unknown> = {},
  ): never => {
    throw new ConflictError(code, message, extra);
  };
}
