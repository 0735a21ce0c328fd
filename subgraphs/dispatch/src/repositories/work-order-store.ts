import {
  columnsOf,
  firstRecordOf,
  recordOf,
  recordsOf,
  recordsWhereIn,
  Store,
  type Snaked,
} from '@cityhub/kit';
import { OPEN_STATUSES } from '../routing.js';
import { filteredOrders } from './order-filter.js';
import type {
  DbAttachmentRow,
  DbStatsRow,
  DbStepRow,
  DbWorkOrderRow,
  NewStep,
  NewWorkOrder,
  WorkOrderFilter,
} from './rows.js';

/** The fields an order is listed by (each list by its deadline, then its id), and their columns. */
const LIST_COLUMNS = {
  streetCode: 'street_code',
  communityCode: 'community_code',
  creditCode: 'credit_code',
  siteId: 'site_id',
} as const;
export type ListColumn = keyof typeof LIST_COLUMNS;

/** A list position: the last order seen, as `<due_at ISO>|<id>`. */
export function orderKey(row: Pick<DbWorkOrderRow, 'dueAt' | 'id'>): string {
  return `${new Date(row.dueAt).toISOString()}|${row.id}`;
}

/** Work orders, their history and attachments. The only SQL about them. */
export class WorkOrderStore extends Store {
  byIds(ids: readonly number[]): Promise<DbWorkOrderRow[]> {
    return recordsOf<DbWorkOrderRow>(
      this.db('work_orders').comment('dispatch.ordersByIds').select('*').whereIn('id', ids),
    );
  }

  /** Inserts an order unless one with its source id exists; null when it did. */
  insert(order: NewWorkOrder): Promise<DbWorkOrderRow | null> {
    return firstRecordOf<DbWorkOrderRow>(
      this.db('work_orders')
        .comment('dispatch.insertOrder')
        .insert(columnsOf(order))
        .onConflict('source_id')
        .ignore()
        .returning('*'),
    );
  }

  bySourceId(sourceId: string): Promise<DbWorkOrderRow | null> {
    return firstRecordOf<DbWorkOrderRow>(
      this.db('work_orders')
        .comment('dispatch.orderBySource')
        .select('*')
        .where({ source_id: sourceId })
        .limit(1),
    );
  }

  /** The orders, locked for the rest of the transaction, in id order (no deadlock between two merges). */
  lock(ids: readonly number[]): Promise<DbWorkOrderRow[]> {
    return recordsOf<DbWorkOrderRow>(
      this.db('work_orders')
        .comment('dispatch.lockOrders')
        .select('*')
        .whereIn('id', ids)
        .orderBy('id')
        .forUpdate(),
    );
  }

  async update(id: number, patch: Partial<DbWorkOrderRow>): Promise<DbWorkOrderRow> {
    const row = await firstRecordOf<DbWorkOrderRow>(
      this.db('work_orders')
        .comment('dispatch.updateOrder')
        .update(columnsOf(patch))
        .where({ id })
        .returning('*'),
    );
    return row!;
  }

  async addSteps(...steps: NewStep[]): Promise<void> {
    if (steps.length)
      await this.db('work_order_steps')
        .comment('dispatch.addSteps')
        .insert(steps.map((step) => columnsOf(step)));
  }

  stepsByOrders(ids: readonly number[]): Promise<DbStepRow[]> {
    return this.ofOrders<DbStepRow>('work_order_steps', 'dispatch.stepsByOrders', ids);
  }

  async addAttachment(attachment: Omit<DbAttachmentRow, 'id'>): Promise<DbAttachmentRow> {
    const row = await firstRecordOf<DbAttachmentRow>(
      this.db('work_order_attachments')
        .comment('dispatch.addAttachment')
        .insert(columnsOf(attachment))
        .returning('*'),
    );
    return row!;
  }

  attachmentsByOrders(ids: readonly number[]): Promise<DbAttachmentRow[]> {
    return this.ofOrders<DbAttachmentRow>(
      'work_order_attachments',
      'dispatch.attachmentsByOrders',
      ids,
    );
  }

  /** The rows of many orders' steps or attachments (`table`), in one statement labelled `label`. */
  private ofOrders<T extends object>(table: string, label: string, ids: readonly number[]) {
    const query = this.db(table).comment(label).orderBy(['order_id', 'id']);
    return recordsWhereIn<T>(query, 'order_id', ids);
  }

  /** Open orders past their deadline below the district, locked; replicas skip each other's. */
  overdue(now: Date, limit: number): Promise<DbWorkOrderRow[]> {
    return recordsOf<DbWorkOrderRow>(
      this.db('work_orders')
        .comment('dispatch.overdueOrders')
        .select('*')
        .whereIn('status', OPEN_STATUSES)
        .where('due_at', '<=', now)
        .whereNot('level', 'DISTRICT')
        .orderBy('due_at')
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    );
  }

  /**
   * One page per key (a street, community, enterprise or site; `null` column: one list), in one
   * statement: the first `limit` orders of each by deadline after the position.
   */
  async pages(
    field: ListColumn | null,
    keys: readonly string[],
    filter: WorkOrderFilter,
    limit: number,
    afterKey: string | null,
  ): Promise<DbWorkOrderRow[]> {
    const column = field && LIST_COLUMNS[field];
    const partition = column ? `PARTITION BY ${column}` : '';
    const inner = filteredOrders(this.db, filter)
      .select('*', this.db.raw(`row_number() OVER (${partition} ORDER BY due_at, id) AS rank`))
      .modify((q) => {
        if (column) q.whereIn(column, keys);
        if (afterKey !== null) {
          const [due, id] = afterKey.split('|') as [string, string];
          q.whereRaw('(due_at, id) > (?::timestamptz, ?::bigint)', [due, id]);
        }
      });
    const rows = await this.db
      .from(inner.as('ranked'))
      .comment('dispatch.orderPages')
      .select('*')
      .where('rank', '<=', limit)
      .orderBy(['due_at', 'id']);
    return rows.map(({ rank: _rank, ...row }: Snaked<DbWorkOrderRow> & { rank: number }) =>
      recordOf<DbWorkOrderRow>(row),
    );
  }

  async counts(
    field: ListColumn | null,
    keys: readonly string[],
    filter: WorkOrderFilter,
  ): Promise<Map<string | null, number>> {
    const column = field && LIST_COLUMNS[field];
    const query = filteredOrders(this.db, filter)
      .comment('dispatch.orderCounts')
      .count({ total: '*' });
    if (column) query.select({ key: column }).whereIn(column, keys).groupBy(column);
    const rows = (await query) as Array<{ key?: string; total: number }>;
    return new Map(rows.map((row) => [row.key ?? null, Number(row.total)]));
  }

  /** Open and overdue orders now, resolved ones of the last 30 days and their median time to close. */
  async stats(streetCodes: readonly string[], now: Date): Promise<DbStatsRow[]> {
    const { rows } = await this.db.raw<{ rows: Array<Snaked<DbStatsRow>> }>(
      `/* dispatch.streetStats */
       SELECT street_code, category,
              count(*) FILTER (WHERE status IN ('OPEN', 'ACCEPTED'))::int AS open,
              count(*) FILTER (WHERE status IN ('OPEN', 'ACCEPTED') AND due_at < ?)::int AS overdue,
              count(*) FILTER (WHERE recent)::int AS resolved,
              round(percentile_cont(0.5) WITHIN GROUP (
                ORDER BY extract(epoch FROM resolved_at - opened_at) / 60) FILTER (WHERE recent)
              )::int AS median_minutes
       FROM (SELECT *, status = 'RESOLVED' AND resolved_at >= ?::timestamptz - interval '30 days' AS recent
             FROM work_orders WHERE street_code = ANY(?)) o
       GROUP BY GROUPING SETS ((street_code), (street_code, category))`,
      [now, now, [...streetCodes]],
    );
    return rows.map((row) => recordOf<DbStatsRow>(row));
  }
}
