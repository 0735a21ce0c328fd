/**
 * Records at the repository boundary: the rows PostgreSQL returns, with camelCase names (the stores
 * map them), and what resolvers receive as parents.
 */
import type { HubEvent, LazyConnectionParent } from '@cityhub/kit';

/** An event as the log keeps it: the envelope, its position, and when it arrived. */
export interface DbEventLogRow extends Omit<HubEvent, 'occurredAt'> {
  seq: number;
  occurredAt: Date;
  receivedAt: Date;
}

export interface DbSubscriptionRow {
  id: string;
  ownerKind: string;
  ownerId: string;
  department: string | null;
  ownerScopes: string[];
  ownerStreets: string[] | null;
  ownerPurpose: string | null;
  url: string;
  secret: string;
  eventTypes: string[];
  streetCode: string | null;
  communityCode: string | null;
  creditCode: string | null;
  active: boolean;
  createdAt: Date;
}

export type DeliveryStatus = 'PENDING' | 'DELIVERED' | 'DEAD';

export interface DbDeliveryRow {
  id: number;
  subscriptionId: string;
  eventId: string;
  eventSeq: number;
  eventType: string;
  occurredAt: Date;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
}

/** What a replay covers: one event, or a time range. */
export interface ReplayRange {
  eventId?: string | null;
  from?: Date | null;
  to?: Date | null;
}

export type DeliveryConnectionParent = LazyConnectionParent<DbDeliveryRow>;

export interface CreatedSubscriptionParent {
  subscription: DbSubscriptionRow;
  secret: string;
}

export interface EventTypeParent {
  type: string;
  version: number;
  department: string;
  scope: string;
  description: string;
  dataSchema: string;
}
