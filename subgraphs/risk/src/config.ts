import {
  flagSchema,
  DEVELOPMENT_KEY,
  departmentEnvironment,
  parseConfigs,
  postgresUrlSchema,
  privateKeyFromSetting,
  subgraphEnvironment,
} from '@cityhub/kit';
import { Cron } from 'croner';
import { z } from 'zod';
import type { GatewaySettings } from './gateway/gateway-client.js';

/** The risk department's own settings, beyond those every subgraph shares. */
export const riskEnvironment = departmentEnvironment(
  {
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
    RISK_SCHEDULER_ENABLED: flagSchema.default(true),
    // On start, run the model for yesterday if no run covers it (the hub was down at 02:00, or was just installed).
    RISK_CATCH_UP_ON_START: flagSchema.default(true),
  },
  { RISK_RUN_PRIVATE_KEY: DEVELOPMENT_KEY },
);

export type RiskSettings = z.infer<typeof riskEnvironment> & { RISK_RUN_PRIVATE_KEY: string };

/** What the nightly schedule and the command line need besides the settings: the database, the log. */
export type RiskConfig = RiskSettings & {
  RISK_DATABASE_URL?: string;
  DATABASE_URL?: string;
  LOG_LEVEL: string;
};

function validCron(pattern: string): boolean {
  try {
    new Cron(pattern, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
}

/** The kit's settings the command line uses (the process gets them from runSubgraphProcess). */
const commandLineEnvironment = subgraphEnvironment
  .pick({ LOG_LEVEL: true, DATABASE_URL: true })
  .extend({ RISK_DATABASE_URL: postgresUrlSchema.optional() });

/** For `npm run risk:run`: parsed once, at its start, every problem listed. */
export function riskConfig(): RiskConfig {
  const [shared, settings] = parseConfigs([commandLineEnvironment, riskEnvironment]);
  return { ...shared, ...(settings as RiskSettings) };
}

const gatewaySettings = new WeakMap<RiskSettings, GatewaySettings>();

/** Where runs find the hub, and the key they sign in with (derived once per settings). */
export function gatewaySettingsOf(config: RiskSettings): GatewaySettings {
  let settings = gatewaySettings.get(config);
  if (!settings)
    gatewaySettings.set(
      config,
      (settings = {
        url: config.GATEWAY_URL,
        servicePrivateKey: privateKeyFromSetting(config.RISK_RUN_PRIVATE_KEY, 'risk-run'),
        timeoutMs: config.RISK_GATEWAY_TIMEOUT_MS,
      }),
    );
  return settings;
}
