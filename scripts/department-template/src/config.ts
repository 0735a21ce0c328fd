import { departmentEnvironment } from '@cityhub/kit';
import { z } from 'zod';

/** The department's own settings, beyond those every subgraph shares (parsed once, at start). */
export const tmplEnvironment = departmentEnvironment({
  // The longest name an office may be given.
  TMPL_NAME_MAX_LENGTH: z.coerce.number().int().min(1).max(1_000).default(100),
});

export type TmplSettings = z.infer<typeof tmplEnvironment>;
