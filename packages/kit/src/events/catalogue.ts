import { createHash, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { RISK_EVENTS } from './catalogue/risk.js';
import { SITES_EVENTS } from './catalogue/sites.js';
import { ENTERPRISES_EVENTS } from './catalogue/enterprises.js';
import { TRANSPORT_EVENTS } from './catalogue/transport.js';
import { DISPATCH_EVENTS } from './catalogue/dispatch.js';
import type { EventDefinition } from './catalogue/fields.js';
import { DEFAULT_DISCLOSURE_RULE, publishedCount, type DisclosureRule } from '../disclosure.js';

/**
 * The hub's events, one place. Each carries ids and keys, never personal data: a consumer with the
 * right scopes fetches the details through the gateway, where that read is audited like any other.
 * `scope` is what a caller needs to see the event at all; the street rule applies on `streetCode`.
 * A change that breaks a consumer gets a new version; adding an optional field does not.
 */
export const EVENT_CATALOGUE = {
  ...RISK_EVENTS,
  ...SITES_EVENTS,
  ...ENTERPRISES_EVENTS,
  ...TRANSPORT_EVENTS,
  ...DISPATCH_EVENTS,
} as const;

export type { EventDefinition };

export type EventType = keyof typeof EVENT_CATALOGUE;
export type EventData<T extends EventType> = z.infer<(typeof EVENT_CATALOGUE)[T]['data']>;

/** The keys subscriptions filter on and the street rule reads; none identifies a person. */
export interface EventKeys {
  streetCode?: string | null;
  communityCode?: string | null;
  creditCode?: string | null;
}

/** What travels: the same envelope in the outbox, on the bus, in a webhook body and on the stream. */
export interface HubEvent {
  id: string;
  type: string;
  version: number;
  /** The department whose change it is. */
  source: string;
  occurredAt: string;
  streetCode: string | null;
  communityCode: string | null;
  creditCode: string | null;
  data: Record<string, unknown>;
}

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(EVENT_CATALOGUE, type);
}

/** A new event, its data checked against the catalogue (a wrong payload is a bug: it throws). */
export function hubEvent<T extends EventType>(
  type: T,
  keys: EventKeys,
  data: EventData<T>,
  occurredAt = new Date(),
  /** A fact that may be found again (a check rerun, another replica): the same key, the same id. */
  onceKey?: string,
): HubEvent {
  const definition = EVENT_CATALOGUE[type];
  return {
    id: onceKey === undefined ? randomUUID() : eventIdFor(type, onceKey),
    type,
    version: definition.version,
    source: definition.department,
    occurredAt: occurredAt.toISOString(),
    streetCode: keys.streetCode ?? null,
    communityCode: keys.communityCode ?? null,
    creditCode: keys.creditCode ?? null,
    data: definition.data.parse(data) as Record<string, unknown>,
  };
}

/**
 * A UUID (version 8, RFC 9562) derived from the type and a key: an event found twice gets one id,
 * which the outbox, the bus and every idempotent consumer already treat as one event.
 */
export function eventIdFor(type: string, key: string): string {
  const hex = createHash('sha256').update(`${type}\n${key}`).digest('hex').slice(0, 32).split('');
  hex[12] = '8';
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** Whether a signed-in caller with these scopes and streets may see an event on the stream (the same rules as queries). */
export function eventVisibleTo(
  event: Pick<HubEvent, 'type' | 'streetCode'>,
  rights: { scopes: readonly string[]; streets: readonly string[] | null },
): boolean {
  if (!isEventType(event.type)) return false;
  const definition: EventDefinition = EVENT_CATALOGUE[event.type];
  if (!definition.streamToAnySignedIn && !rights.scopes.includes(definition.scope)) return false;
  if (rights.streets === null) return true;
  return event.streetCode !== null && rights.streets.includes(event.streetCode);
}

/**
 * The event as a recipient without the right to exact figures receives it: each count of people
 * is published as queries publish an `@aggregate` count (the hub's disclosure rule: withheld below
 * the threshold, rounded above it).
 */
export function withSmallCountsSuppressed<T extends Pick<HubEvent, 'type' | 'data'>>(
  event: T,
  mayReadPersonalData: boolean,
  rule: DisclosureRule = DEFAULT_DISCLOSURE_RULE,
): T {
  if (mayReadPersonalData || !isEventType(event.type)) return event;
  const fields = (EVENT_CATALOGUE[event.type] as EventDefinition).aggregateFields;
  if (!fields?.length) return event;
  const data = { ...event.data };
  for (const field of fields) {
    const value = data[field];
    if (typeof value === 'number') data[field] = publishedCount(value, rule);
  }
  return { ...event, data };
}
