import { Store } from '@cityhub/kit';
import type { Knex } from 'knex';
import { OPEN_STATUSES } from '../routing.js';
import type {
  DbAttachmentRow,
  DbStatsRow,
  DbStepRow,
  DbWorkOrderRow,
  NewStep,
  NewWorkOrder,
  WorkOrderFilter,
} from './rows.js';

/** The columns an order is listed by: its deadline, then its id. */
export type ListColumn = 'street_code' | 'community_code' | 'credit_code' | 'site_id';

/** A list position: the last order seen, as `<due_at ISO>|<id>`. */
export function orderKey(row: Pick<DbWorkOrderRow, 'due_at' | 'id'>): string {
  return `${new Date(row.due_at).toISOString()}|${row.id}`;
}

/** Work orders, their history and attachments. The only SQL about them. */
export class WorkOrderStore extends Store {
  byIds(ids: readonly number[]): Promise<DbWorkOrderRow[]> {
    return this.db('work_orders').comment('dispatch.ordersByIds').select('*').whereIn('id', ids);
  }

  /** Inserts an order unless one with its source id exists; undefined when it did. */
  async insert(order: NewWorkOrder): Promise<DbWorkOrderRow | undefined> {
    const [row] = await this.db('work_orders')
      .comment('dispatch.insertOrder')
      .insert(order)
      .onConflict('source_id')
      .ignore()
      .returning('*');
    return row;
  }

  async bySourceId(sourceId: string): Promise<DbWorkOrderRow | undefined> {
    return this.db('work_orders')
      .comment('dispatch.orderBySource')
      .select('*')
      .where({ source_id: sourceId })
      .first();
  }

  /** The orders, locked for the rest of the transaction, in id order (no deadlock between two merges). */
  lock(ids: readonly number[]): Promise<DbWorkOrderRow[]> {
    return this.db('work_orders')
      .comment('dispatch.lockOrders')
      .select('*')
      .whereIn('id', ids)
      .orderBy('id')
      .forUpdate();
  }

  async update(id: number, patch: Partial<DbWorkOrderRow>): Promise<DbWorkOrderRow> {
    const [row] = await this.db('work_orders')
      .comment('dispatch.updateOrder')
      .update(patch)
      .where({ id })
      .returning('*');
    return row!;
  }

  async addSteps(...steps: NewStep[]): Promise<void> {
    if (steps.length) await this.db('work_order_steps').comment('dispatch.addSteps').insert(steps);
  }

  stepsByOrders(ids: readonly number[]): Promise<DbStepRow[]> {
    return this.db('work_order_steps')
      .comment('dispatch.stepsByOrders')
      .select('*')
      .whereIn('order_id', ids)
      .orderBy(['order_id', 'id']);
  }

  async addAttachment(attachment: Omit<DbAttachmentRow, 'id'>): Promise<DbAttachmentRow> {
    const [row] = await this.db('work_order_attachments')
      .comment('dispatch.addAttachment')
      .insert(attachment)
      .returning('*');
    return row!;
  }

  attachmentsByOrders(ids: readonly number[]): Promise<DbAttachmentRow[]> {
    return this.db('work_order_attachments')
      .comment('dispatch.attachmentsByOrders')
      .select('*')
      .whereIn('order_id', ids)
      .orderBy(['order_id', 'id']);
  }

  /** Open orders past their deadline below the district, locked; replicas skip each other's. */
  overdue(now: Date, limit: number): Promise<DbWorkOrderRow[]> {
    return this.db('work_orders')
      .comment('dispatch.overdueOrders')
      .select('*')
      .whereIn('status', OPEN_STATUSES)
      .where('due_at', '<=', now)
      .whereNot('level', 'DISTRICT')
      .orderBy('due_at')
      .limit(limit)
      .forUpdate()
      .skipLocked();
  }

  /**
   * One page per key (a street, community, enterprise or site; `null` column: one list), in one
   * statement: the first `limit` orders of each by deadline after the position.
   */
  async pages(
    column: ListColumn | null,
    keys: readonly string[],
    filter: WorkOrderFilter,
    limit: number,
    afterKey: string | null,
  ): Promise<DbWorkOrderRow[]> {
    const partition = column ? `PARTITION BY ${column}` : '';
    const inner = this.filtered(filter)
      .select('*', this.db.raw(`row_number() OVER (${partition} ORDER BY due_at, id) AS rank`))
      .modify((q) => {
        if (column) q.whereIn(column, keys);
        if (afterKey !== null) {
          const [due, id] = afterKey.split('|') as [string, string];
          q.whereRaw('(due_at, id) > (?::timestamptz, ?::bigint)', [due, id]);
        }
      });
    return this.db
      .from(inner.as('ranked'))
      .comment('dispatch.orderPages')
      .select('*')
      .where('rank', '<=', limit)
      .orderBy(['due_at', 'id']);
  }

  async counts(
    column: ListColumn | null,
    keys: readonly string[],
    filter: WorkOrderFilter,
  ): Promise<Map<string | null, number>> {
    const query = this.filtered(filter).comment('dispatch.orderCounts').count({ total: '*' });
    if (column) query.select({ key: column }).whereIn(column, keys).groupBy(column);
    const rows = (await query) as Array<{ key?: string; total: number }>;
    return new Map(rows.map((row) => [row.key ?? null, Number(row.total)]));
  }

  /** Open and overdue orders now, resolved ones of the last 30 days and their median time to close. */
  async stats(streetCodes: readonly string[], now: Date): Promise<DbStatsRow[]> {
    const { rows } = await this.db.raw<{ rows: DbStatsRow[] }>(
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
    return rows;
  }

  private filtered(filter: WorkOrderFilter): Knex.QueryBuilder {
    const query = this.db('work_orders');
    query.where((visible) => {
      if (filter.seesStreets) {
        if (filter.visibleStreets === null) visible.whereRaw('true');
        else visible.whereIn('street_code', filter.visibleStreets);
      }
      if (filter.ownHandlerId) visible.orWhere('handler_id', filter.ownHandlerId);
      if (filter.ownPersonId)
        visible
          .orWhere('reporter_person_id', filter.ownPersonId)
          .orWhere('handler_person_id', filter.ownPersonId);
      if (!filter.seesStreets && !filter.ownHandlerId && !filter.ownPersonId)
        visible.whereRaw('false');
    });
    if (filter.streetCode) query.where('street_code', filter.streetCode);
    if (filter.statuses?.length) query.whereIn('status', filter.statuses);
    if (filter.category) query.where('category', filter.category);
    if (filter.level) query.where('level', filter.level);
    if (filter.handlerId) query.where('handler_id', filter.handlerId);
    return query;
  }
}
