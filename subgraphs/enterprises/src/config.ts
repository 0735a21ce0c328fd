import { parseConfig } from '@cityhub/kit';
import { z } from 'zod';

/** The market-regulation department's own settings, beyond those every subgraph shares. */
export const enterprisesEnvironment = z.object({
  // A month moving by more than this share of the earlier figure raises an early warning (±30% by default).
  ENTERPRISES_WARNING_SHARE: z.coerce.number().gt(0).max(10).default(0.3),
});

export type EnterprisesConfig = z.infer<typeof enterprisesEnvironment>;

let parsed: EnterprisesConfig | undefined;

/** Parsed once, on first use; a bad value stops the process with every problem listed. */
export function enterprisesConfig(): EnterprisesConfig {
  return (parsed ??= parseConfig(enterprisesEnvironment));
}
