import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { SCOPES } from '../caller.js';
import { DEFAULT_DISCLOSURE_RULE, publishedCount, type DisclosureRule } from '../disclosure.js';

const riskLevel = z.enum(['RED', 'YELLOW', 'BLUE']);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const workOrderLevel = z.enum(['GRID', 'STREET', 'DISTRICT']);

/**
 * The hub's events, one place. Each carries ids and keys, never personal data: a consumer with the
 * right scopes fetches the details through the gateway, where that read is audited like any other.
 * `scope` is what a caller needs to see the event at all; the street rule applies on `streetCode`.
 * A change that breaks a consumer gets a new version; adding an optional field does not.
 */
export const EVENT_CATALOGUE = {
  'risk.level_changed': {
    version: 1,
    department: 'risk',
    scope: SCOPES.riskRead,
    streamToAnySignedIn: true,
    description: "A community's risk level differs from the one the hub showed before the run.",
    data: z.object({
      communityCode: z.string(),
      from: riskLevel,
      to: riskLevel,
      score: z.number(),
      runId: z.number().int(),
      date,
    }),
  },
  'risk.run_finished': {
    version: 1,
    department: 'risk',
    scope: SCOPES.riskRead,
    streamToAnySignedIn: true,
    description: 'A risk run stored its assessments.',
    data: z.object({
      runId: z.number().int(),
      date,
      communities: z.number().int(),
      levelChanges: z.number().int(),
    }),
  },
  'risk.run_failed': {
    version: 1,
    department: 'risk',
    scope: SCOPES.riskRead,
    description: 'A risk run stopped without storing assessments; it can be rerun.',
    data: z.object({ runId: z.number().int(), date, reason: z.string() }),
  },
  'risk.group_rental_flag_raised': {
    version: 1,
    department: 'risk',
    scope: SCOPES.riskRead,
    description: 'A dwelling was flagged as a suspected group rental (群租).',
    data: z.object({ flagId: z.number().int(), dwellingId: z.string(), month: z.string() }),
  },
  'risk.group_rental_flag_reviewed': {
    version: 1,
    department: 'risk',
    scope: SCOPES.riskRead,
    description: 'The housing department reviewed a group-rental flag.',
    data: z.object({ flagId: z.number().int(), dwellingId: z.string(), outcome: z.string() }),
  },
  'sites.screening_case_opened': {
    version: 1,
    department: 'sites',
    scope: SCOPES.sitesRead,
    description: 'A site worker arrived from a key region: a screening case (排查) was opened.',
    data: z.object({ caseId: z.number().int(), siteId: z.string(), reportDate: date }),
  },
  'sites.screening_case_resolved': {
    version: 1,
    department: 'sites',
    scope: SCOPES.sitesRead,
    description: 'A supervisor closed a screening case: the worker verified or cleared.',
    data: z.object({
      caseId: z.number().int(),
      siteId: z.string(),
      outcome: z.enum(['VERIFIED', 'CLEARED']),
    }),
  },
  'sites.report_missing': {
    version: 1,
    department: 'sites',
    scope: SCOPES.sitesRead,
    description:
      "An active construction site's daily report for the date had not arrived by the deadline (10:00 city time by default); once per site and day.",
    data: z.object({ siteId: z.string(), date }),
  },
  'enterprises.early_warning_raised': {
    version: 1,
    department: 'enterprises',
    scope: SCOPES.enterpriseRead,
    description: "An enterprise's month moved by more than the warning share (预警).",
    data: z.object({
      warningId: z.number().int(),
      figure: z.string(),
      month: z.string(),
      changeRatio: z.number(),
    }),
  },
  'enterprises.filing_submitted': {
    version: 1,
    department: 'enterprises',
    scope: SCOPES.enterpriseRead,
    description: 'An enterprise submitted its work-resumption filing (复工备案) for review.',
    data: z.object({ filingCode: z.string() }),
  },
  'enterprises.registrations_decided': {
    version: 1,
    department: 'enterprises',
    scope: SCOPES.enterpriseRead,
    description: "The legal representative decided a batch of a filing's staff registrations.",
    aggregateFields: ['decided', 'pending'],
    data: z.object({
      filingCode: z.string(),
      decision: z.enum(['APPROVE', 'REJECT']),
      decided: z.number().int().nullable(),
      pending: z.number().int().nullable(),
      /** When the batch was decided: the registrations decided then are the batch (version 1 addition). */
      decidedAt: z.string().optional(),
    }),
  },
  'enterprises.filing_reviewed': {
    version: 1,
    department: 'enterprises',
    scope: SCOPES.enterpriseRead,
    description: 'A street official reviewed a filing (审核): the approval notice.',
    data: z.object({ filingCode: z.string(), status: z.enum(['APPROVED', 'REJECTED']) }),
  },
  'enterprises.shop_staff_decided': {
    version: 1,
    department: 'enterprises',
    scope: SCOPES.enterpriseRead,
    description: "A street shop's operator decided a batch of staff registrations.",
    aggregateFields: ['decided', 'pending'],
    data: z.object({
      shopId: z.number().int(),
      decision: z.enum(['APPROVE', 'REJECT']),
      decided: z.number().int().nullable(),
      pending: z.number().int().nullable(),
    }),
  },
  'transport.peak_above_staffing': {
    version: 1,
    department: 'transport',
    scope: SCOPES.transportRead,
    description:
      "An hour of a station's forecast (tickets sold) needs more checkers than its roster plans; once per station and hour. `hour` is the city hour, 0 to 23.",
    data: z.object({
      stationCode: z.string(),
      date,
      hour: z.number().int(),
      needed: z.number().int(),
      rostered: z.number().int(),
    }),
  },
  'transport.feed_batch_rejected': {
    version: 1,
    department: 'transport',
    scope: SCOPES.transportIngest,
    description:
      'A feed batch had records rejected; its valid records were stored, the rejected ones not.',
    data: z.object({
      feed: z.string(),
      batchId: z.string(),
      accepted: z.number().int(),
      rejected: z.number().int(),
      /** The stations the batch's records named (known codes only, upper-case). */
      stationCodes: z.array(z.string()),
    }),
  },
  'dispatch.order_opened': {
    version: 1,
    department: 'dispatch',
    scope: SCOPES.dispatchRead,
    description: 'A work order (工单) was opened and routed to the unit responsible.',
    data: z.object({
      orderId: z.string(),
      category: z.string(),
      priority: z.string(),
      level: workOrderLevel,
      dueAt: z.string(),
    }),
  },
  'dispatch.order_escalated': {
    version: 1,
    department: 'dispatch',
    scope: SCOPES.dispatchRead,
    description:
      'A work order passed its deadline unresolved and went up the ladder (grid → street → district); once per order and level.',
    data: z.object({
      orderId: z.string(),
      from: workOrderLevel,
      to: workOrderLevel,
      dueAt: z.string(),
    }),
  },
  'dispatch.order_resolved': {
    version: 1,
    department: 'dispatch',
    scope: SCOPES.dispatchRead,
    description: 'A work order was resolved with evidence.',
    data: z.object({ orderId: z.string(), category: z.string(), minutesToClose: z.number() }),
  },
} as const satisfies Record<string, EventDefinition>;

export interface EventDefinition {
  version: number;
  department: string;
  scope: string;
  /**
   * The live stream gives it to any signed-in caller (the aggregates-only screen included), as its
   * data is what an @authenticated field already shows them (the risk map's levels and scores).
   * Webhook subscriptions still need `scope`.
   */
  streamToAnySignedIn?: boolean;
  description: string;
  /** Counts of people: published to recipients without exact-figure rights as `@aggregate` counts are. */
  aggregateFields?: readonly string[];
  data: z.ZodObject;
}

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
