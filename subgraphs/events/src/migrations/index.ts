import type { Migration } from '@cityhub/kit';
import * as eventLogAndWebhooks from './20261130050100_event_log_and_webhooks.js';

/** In order of application; a new migration is a new file added at the end. */
export const migrations: Migration[] = [eventLogAndWebhooks];
