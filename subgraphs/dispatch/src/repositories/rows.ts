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
  sourceId: string | null;
  category: Category;
  priority: Priority;
  status: Status;
  level: Level;
  assignedUnit: string;
  title: string;
  description: string;
  streetCode: string;
  communityCode: string | null;
  creditCode: string | null;
  siteId: string | null;
  location: string | null;
  reporterPersonId: string | null;
  callerPhone: string | null;
  callerName: string | null;
  handlerId: string | null;
  handlerPersonId: string | null;
  rulesVersion: number;
  deadlineMinutes: number;
  openedAt: Date;
  dueAt: Date;
  acceptedAt: Date | null;
  resolvedAt: Date | null;
  resolution: string | null;
  helpRequested: boolean;
  mergedInto: number | null;
  splitFrom: number | null;
}

export type NewWorkOrder = Omit<
  DbWorkOrderRow,
  | 'id'
  | 'status'
  | 'acceptedAt'
  | 'resolvedAt'
  | 'resolution'
  | 'helpRequested'
  | 'mergedInto'
  | 'handlerId'
  | 'handlerPersonId'
> &
  Partial<Pick<DbWorkOrderRow, 'handlerId' | 'handlerPersonId'>>;

export interface DbStepRow {
  id: number;
  orderId: number;
  action: Action;
  actor: string;
  at: Date;
  note: string | null;
  fromLevel: Level | null;
  toLevel: Level | null;
  unit: string | null;
  relatedOrderId: number | null;
}

export type NewStep = Omit<
  DbStepRow,
  'id' | 'note' | 'fromLevel' | 'toLevel' | 'unit' | 'relatedOrderId'
> &
  Partial<Pick<DbStepRow, 'note' | 'fromLevel' | 'toLevel' | 'unit' | 'relatedOrderId'>>;

export interface DbAttachmentRow {
  id: number;
  orderId: number;
  fileName: string;
  contentType: string;
  content: Buffer;
  addedBy: string;
  addedAt: Date;
}

export interface DbRuleSetRow {
  version: number;
  note: string;
  mergeWindowMinutes: number;
  rules: RoutingRule[];
  publishedBy: string;
  publishedAt: Date;
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
  streetCode: string;
  category: Category | null;
  open: number;
  overdue: number;
  resolved: number;
  medianMinutes: number | null;
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
