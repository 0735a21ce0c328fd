import {
  DEVELOPMENT_KEY,
  SECRET_PURPOSES,
  environmentNames,
  fillDevelopmentSecrets,
  parseConfig,
  postgresUrlSchema,
  privateKeyFromSetting,
} from '@cityhub/kit';
import { Cron } from 'croner';
import { z } from 'zod';
import type { GatewaySettings } from './gateway/gateway-client.js';

const flag = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

/** The risk department's own settings, beyond those every subgraph shares. */
export const riskEnvironment = z
  .object({
    ...environmentNames,
    DATABASE_URL: postgresUrlSchema.optional(),
    RISK_DATABASE_URL: postgresUrlSchema.optional(),
    LOG_LEVEL: z.string().default('info'),
    GATEWAY_URL: z.string().url().default('http://127.0.0.1:4000/graphql'),
    /** The risk run's own Ed25519 key (PKCS#8 PEM): it signs in at the gateway as service risk-run. */
    RISK_RUN_PRIVATE_KEY: z
      .string()
      .includes('BEGIN PRIVATE KEY', { message: 'must be a PEM private key' })
      .optional(),
    RISK_GATEWAY_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(60_000),
    RISK_RUN_SCHEDULE: z
      .string()
      .default('0 2 * * *')
      .refine((pattern) => validCron(pattern), 'must be a cron expression, e.g. "0 2 * * *"'),
    RISK_RUN_TIMEZONE: z.string().default('Asia/Shanghai'),
    RISK_SCHEDULER_ENABLED: flag.default(true),
    // On start, run the model for yesterday if no run covers it (the hub was down at 02:00, or was just installed).
    RISK_CATCH_UP_ON_START: flag.default(true),
  })
  .transform((env, context) =>
    fillDevelopmentSecrets(
      env,
      context,
      { RISK_RUN_PRIVATE_KEY: DEVELOPMENT_KEY },
      SECRET_PURPOSES,
    ),
  );

export type RiskConfig = z.infer<typeof riskEnvironment> & { RISK_RUN_PRIVATE_KEY: string };

function validCron(pattern: string): boolean {
  try {
    new Cron(pattern, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
}

let parsed: RiskConfig | undefined;

/** Parsed once, on first use; a bad value stops the process with every problem listed. */
export function riskConfig(): RiskConfig {
  return (parsed ??= parseConfig(riskEnvironment) as RiskConfig);
}

export function gatewaySettingsOf(config: RiskConfig): GatewaySettings {
  return {
    url: config.GATEWAY_URL,
    servicePrivateKey: privateKeyFromSetting(config.RISK_RUN_PRIVATE_KEY, 'risk-run'),
    timeoutMs: config.RISK_GATEWAY_TIMEOUT_MS,
  };
}
