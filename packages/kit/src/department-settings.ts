import { z } from 'zod';
import {
  SECRET_PURPOSES,
  environmentNames,
  fillDevelopmentSecrets,
  parseConfigOrThrow,
} from './config.js';

/**
 * A department's own environment: its variables only (the kit owns `NODE_ENV`, `DATABASE_URL`,
 * `LOG_LEVEL` and the rest every subgraph shares). `secrets` are those of its variables that have a
 * development default, used only when `NODE_ENV`/`HUB_ENV` say development or test; elsewhere a
 * missing one is a problem listed at start.
 */
export function departmentEnvironment<Shape extends z.ZodRawShape>(
  shape: Shape,
  secrets: Partial<Record<keyof Shape & string, string | null>> = {},
) {
  return z.object({ ...environmentNames, ...shape }).transform((env, context) => {
    const filled = fillDevelopmentSecrets(
      env as { NODE_ENV?: string; HUB_ENV?: string },
      context,
      secrets as Record<string, string | null>,
      SECRET_PURPOSES,
    );
    const { NODE_ENV: _node, HUB_ENV: _hub, ...own } = filled as Record<string, unknown>;
    return own as z.output<z.ZodObject<Shape>>;
  });
}

/** The department's settings from the environment, or an error listing every problem. */
export function departmentSettingsOrThrow<TSettings>(
  definition: { name: string; environment?: z.ZodType<TSettings> },
  env: NodeJS.ProcessEnv = process.env,
): TSettings {
  if (!definition.environment) return undefined as TSettings;
  try {
    return parseConfigOrThrow(definition.environment, env);
  } catch (error) {
    throw new Error(`Invalid ${definition.name} configuration: ${(error as Error).message}`);
  }
}
