import type { Page } from '@cityhub/kit';

export interface DbEventLogRow {
  seq: number;
  id: string;
  type: string;
  version: number;
  source: string;
  occurred_at: Date;
  street_code: string | null;
  community_code: string | null;
  credit_code: string | null;
  data: Record<string, unknown>;
  received_at: Date;
}

export interface DbSubscriptionRow {
  id: string;
  owner_kind: string;
  owner_id: string;
  department: string | null;
  owner_scopes: string[];
  owner_streets: string[] | null;
  owner_purpose: string | null;
  url: string;
  secret: string;
  event_types: string[];
  street_code: string | null;
  community_code: string | null;
  credit_code: string | null;
  active: boolean;
  created_at: Date;
}

export type DeliveryStatus = 'PENDING' | 'DELIVERED' | 'DEAD';

export interface DbDeliveryRow {
  id: number;
  subscription_id: string;
  event_id: string;
  event_seq: number;
  event_type: string;
  occurred_at: Date;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date | null;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: Date | null;
}

export interface DeliveryConnectionParent extends Page {
  rows: () => Promise<DbDeliveryRow[]>;
}

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
