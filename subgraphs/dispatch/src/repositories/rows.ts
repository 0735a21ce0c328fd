import type { LazyConnectionParent } from '@cityhub/kit';
import type { Category, Level, Priority, RoutingRule, Status } from '../routing.js';

export type Source = 'EVENT' | 'HOTLINE' | 'MANUAL' | 'SPLIT';
export type Action =
  | 'OPENED'
  | 'ACCEPTED'
  | 'NOTE'
  | 'ATTACHMENT'
  | 'HELP_REQUESTED'
  | 'ESCALATED'
  | 'REASSIGNED'
  | 'MERGED'
  | 'SPLIT'
  | 'RESOLVED'
  | 'REOPENED';

export interface DbWorkOrderRow {
  id: number;
  source: Source;
  source_id: string | null;
  category: Category;
  priority: Priority;
  status: Status;
  level: Level;
  assigned_unit: string;
  title: string;
  description: string;
  street_code: string;
  community_code: string | null;
  credit_code: string | null;
  site_id: string | null;
  location: string | null;
  reporter_person_id: string | null;
  caller_phone: string | null;
  caller_name: string | null;
  handler_id: string | null;
  handler_person_id: string | null;
  rules_version: number;
  deadline_minutes: number;
  opened_at: Date;
  due_at: Date;
  accepted_at: Date | null;
  resolved_at: Date | null;
  resolution: string | null;
  help_requested: boolean;
  merged_into: number | null;
  split_from: number | null;
}

export type NewWorkOrder = Omit<
  DbWorkOrderRow,
  | 'id'
  | 'status'
  | 'accepted_at'
  | 'resolved_at'
  | 'resolution'
  | 'help_requested'
  | 'merged_into'
  | 'handler_id'
  | 'handler_person_id'
> &
  Partial<Pick<DbWorkOrderRow, 'handler_id' | 'handler_person_id'>>;

export interface DbStepRow {
  id: number;
  order_id: number;
  action: Action;
  actor: string;
  at: Date;
  note: string | null;
  from_level: Level | null;
  to_level: Level | null;
  unit: string | null;
  related_order_id: number | null;
}

export type NewStep = Omit<
  DbStepRow,
  'id' | 'note' | 'from_level' | 'to_level' | 'unit' | 'related_order_id'
> &
  Partial<Pick<DbStepRow, 'note' | 'from_level' | 'to_level' | 'unit' | 'related_order_id'>>;

export interface DbAttachmentRow {
  id: number;
  order_id: number;
  file_name: string;
  content_type: string;
  content: Buffer;
  added_by: string;
  added_at: Date;
}

export interface DbRuleSetRow {
  version: number;
  note: string;
  merge_window_minutes: number;
  rules: RoutingRule[];
  published_by: string;
  published_at: Date;
}

/** Which orders a list holds, and whom the caller may see of them. */
export interface WorkOrderFilter {
  /** Streets whose orders the caller sees whole; null: every street. */
  visibleStreets: string[] | null;
  /** Orders the caller sees anyway: those they handle or reported. */
  ownHandlerId: string | null;
  ownPersonId: string | null;
  /** false: only their own (no dispatch:read). */
  seesStreets: boolean;
  streetCode?: string | null;
  statuses?: readonly Status[] | null;
  category?: Category | null;
  level?: Level | null;
  handlerId?: string | null;
}

export type WorkOrderConnectionParent = LazyConnectionParent<DbWorkOrderRow>;

/** Figures of a street, in all (category null) and by category. */
export interface DbStatsRow {
  street_code: string;
  category: Category | null;
  open: number;
  overdue: number;
  resolved: number;
  median_minutes: number | null;
}

/** A street's figures: in all, and each category's. */
export interface StatsParent extends DbStatsRow {
  categories: DbStatsRow[];
}

export interface StreetParent {
  code: string;
}
export interface CommunityParent {
  code: string;
}
export interface EnterpriseParent {
  creditCode: string;
}
export interface SiteParent {
  id: string;
}
