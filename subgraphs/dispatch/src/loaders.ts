import { groupBy, groupLoader, objectKeyedLoader, pushTo, rowLoader } from '@cityhub/kit';
import type { RoutingStore } from './repositories/routing-store.js';
import type { DbStatsRow, DbWorkOrderRow, WorkOrderFilter } from './repositories/rows.js';
import type { ListColumn, WorkOrderStore } from './repositories/work-order-store.js';

/** A page of one entity's orders: the column and key, the caller's view and the page. */
export interface OrderPageKey {
  column: ListColumn;
  key: string;
  filter: WorkOrderFilter;
  limit: number;
  afterKey: string | null;
}

const argsOf = ({ column, filter, limit, afterKey }: Omit<OrderPageKey, 'key'>) =>
  JSON.stringify([column, filter, limit, afterKey]);

/** Per-request loaders: each batch is one statement, whatever the number of keys. */
export function createDispatchLoaders(
  orders: WorkOrderStore,
  routing: RoutingStore,
  now: () => Date,
) {
  return {
    orderById: rowLoader(
      (ids: readonly number[]) => orders.byIds(ids),
      (row) => row.id,
    ),
    stepsByOrder: groupLoader(
      (ids: readonly number[]) => orders.stepsByOrders(ids),
      (row) => row.orderId,
    ),
    attachmentsByOrder: groupLoader(
      (ids: readonly number[]) => orders.attachmentsByOrders(ids),
      (row) => row.orderId,
    ),
    rulesByVersion: rowLoader(
      (versions: readonly number[]) => routing.byVersions(versions),
      (row) => row.version,
    ),
    statsByStreet: groupLoader(
      (codes: readonly string[]) => orders.stats(codes, now()),
      (row: DbStatsRow) => row.streetCode,
    ),
    // Entities asked for with the same arguments (a page of communities) share one statement.
    orderPage: objectKeyedLoader<OrderPageKey, DbWorkOrderRow[]>(async (keys) => {
      const pages = new Map<string, DbWorkOrderRow[]>();
      for (const [args, group] of groupBy(keys, argsOf)) {
        const { column, filter, limit, afterKey } = group[0]!;
        const rows = await orders.pages(
          column,
          group.map((key) => key.key),
          filter,
          limit,
          afterKey,
        );
        for (const row of rows) pushTo(pages, `${args}|${row[column]}`, row);
      }
      return keys.map((key) => pages.get(`${argsOf(key)}|${key.key}`) ?? []);
    }),
    orderCount: objectKeyedLoader<Omit<OrderPageKey, 'limit' | 'afterKey'>, number>(
      async (keys) => {
        const totals = new Map<string, number>();
        for (const [args, group] of groupBy(keys, (key) =>
          JSON.stringify([key.column, key.filter]),
        )) {
          const { column, filter } = group[0]!;
          const counts = await orders.counts(
            column,
            group.map((key) => key.key),
            filter,
          );
          for (const key of group) totals.set(`${args}|${key.key}`, counts.get(key.key) ?? 0);
        }
        return keys.map(
          (key) => totals.get(`${JSON.stringify([key.column, key.filter])}|${key.key}`) ?? 0,
        );
      },
    ),
  };
}

export type DispatchLoaders = ReturnType<typeof createDispatchLoaders>;
