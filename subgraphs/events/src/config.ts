import { departmentEnvironment } from '@cityhub/kit';
import { z } from 'zod';
import { DEFAULT_WEBHOOK_SETTINGS, type WebhookSettings } from './managers/webhook-deliverer.js';

/** The events department's own settings: how webhooks are retried. */
export const eventsEnvironment = departmentEnvironment({
  EVENTS_WEBHOOK_BACKOFF_MS: z.coerce
    .number()
    .int()
    .min(10)
    .default(DEFAULT_WEBHOOK_SETTINGS.backoffMs),
  EVENTS_WEBHOOK_MAX_BACKOFF_MS: z.coerce
    .number()
    .int()
    .min(10)
    .default(DEFAULT_WEBHOOK_SETTINGS.maxBackoffMs),
  EVENTS_WEBHOOK_MAX_ATTEMPTS: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(DEFAULT_WEBHOOK_SETTINGS.maxAttempts),
  EVENTS_WEBHOOK_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000)
    .default(DEFAULT_WEBHOOK_SETTINGS.concurrency),
  EVENTS_WEBHOOK_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(120_000)
    .default(DEFAULT_WEBHOOK_SETTINGS.timeoutMs),
}).transform((env): WebhookSettings => ({
  ...DEFAULT_WEBHOOK_SETTINGS,
  backoffMs: env.EVENTS_WEBHOOK_BACKOFF_MS,
  maxBackoffMs: env.EVENTS_WEBHOOK_MAX_BACKOFF_MS,
  maxAttempts: env.EVENTS_WEBHOOK_MAX_ATTEMPTS,
  timeoutMs: env.EVENTS_WEBHOOK_TIMEOUT_MS,
  concurrency: env.EVENTS_WEBHOOK_CONCURRENCY,
}));
