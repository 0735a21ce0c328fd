import type { Knex } from 'knex';
import type { WorkOrderFilter } from './rows.js';

/**
 * The work orders a list holds: those of the streets the caller sees whole, and those the caller
 * handles or reported, narrowed by the list's own filter (street, statuses, category, level, handler).
 */
export function filteredOrders(db: Knex, filter: WorkOrderFilter): Knex.QueryBuilder {
  const query = db('work_orders');
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
