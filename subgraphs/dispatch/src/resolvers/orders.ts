import {
  lazyConnection,
  lazyConnectionResolvers,
  pageWithCursor,
  requireStreet,
  type PageArgs,
} from '@cityhub/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import type { DispatchContext } from '../context.js';
import { maySee, visibilityOf } from '../managers/access.js';
import { orderIdOf } from '../managers/order-input.js';
import type { DbWorkOrderRow, WorkOrderFilter } from '../repositories/rows.js';
import { orderKey, type ListColumn } from '../repositories/work-order-store.js';
import { OPEN_STATUSES } from '../routing.js';

/** A list position is `<instant>|<id>`. */
const CURSOR = /^\d{4}-\d{2}-\d{2}T[\d:.]+Z\|\d{1,15}$/;

/** The order if the caller may see it; null otherwise, as for an order that does not exist. */
async function visibleOrder(
  id: string | number | null,
  { loaders, caller }: DispatchContext,
): Promise<DbWorkOrderRow | null> {
  const orderId = typeof id === 'number' ? id : id === null ? null : orderIdOf(id);
  if (orderId === null) return null;
  const order = await loaders.orderById.load(orderId);
  return order && maySee(caller, order) ? order : null;
}

/** The orders of one entity (a community, an enterprise, a site) that the caller may see. */
export function entityOrders(
  column: ListColumn,
  key: string,
  args: PageArgs & { statuses?: readonly DbWorkOrderRow['status'][] | null },
  { loaders, caller }: DispatchContext,
) {
  const page = pageWithCursor(args, CURSOR);
  const filter: WorkOrderFilter = { ...visibilityOf(caller), statuses: args.statuses ?? null };
  return lazyConnection(
    page,
    ({ limit, afterKey }) =>
      loaders.orderPage.load({ column, key, filter, limit: limit + 1, afterKey }),
    () => loaders.orderCount.load({ column, key, filter }),
  );
}

export const orderResolvers: Resolvers = {
  Query: {
    workOrder: (_parent, { id }, context) => visibleOrder(id, context),
    workOrders: (_parent, args, { orders, caller }) => {
      const page = pageWithCursor(args, CURSOR);
      if (args.streetCode) requireStreet(caller, args.streetCode);
      const filter: WorkOrderFilter = {
        ...visibilityOf(caller),
        streetCode: args.streetCode ?? null,
        statuses: args.statuses ?? null,
        category: args.category ?? null,
        level: args.level ?? null,
        handlerId: args.assignedToMe ? caller.id : null,
      };
      return lazyConnection(
        page,
        ({ limit, afterKey }) => orders.pages(null, [], filter, limit + 1, afterKey),
        async () => (await orders.counts(null, [], filter)).get(null) ?? 0,
      );
    },
    workOrderDuplicates: async (_parent, { id }, context) => {
      const order = await visibleOrder(id, context);
      return order ? context.reassignment.duplicatesOf(order) : null;
    },
  },
  Mutation: {
    openWorkOrder: (_parent, { input }, { intake }) => intake.open(input),
    ingestHotlineCall: (_parent, { input }, { intake }) => intake.ingestHotlineCall(input),
    acceptWorkOrder: (_parent, { id }, { handling }) => handling.accept(id),
    addWorkOrderNote: (_parent, { id, text }, { handling }) => handling.note(id, text),
    addWorkOrderAttachment: (_parent, { input }, { handling }) => handling.attach(input),
    requestWorkOrderHelp: (_parent, { id, reason }, { handling }) =>
      handling.requestHelp(id, reason),
    resolveWorkOrder: (_parent, { id, evidence }, { handling }) => handling.resolve(id, evidence),
    reopenWorkOrder: (_parent, { id, reason }, { reassignment }) => reassignment.reopen(id, reason),
    reassignWorkOrder: (_parent, { input }, { reassignment }) => reassignment.reassign(input),
    mergeWorkOrders: (_parent, { keepId, duplicateIds }, { reassignment }) =>
      reassignment.merge(keepId, duplicateIds),
    splitWorkOrder: (_parent, { id, parts }, { reassignment }) => reassignment.split(id, parts),
  },
  WorkOrder: {
    __resolveReference: (reference, context) => visibleOrder(String(reference.id), context),
    id: (row) => String(row.id),
    street: (row) => ({ code: row.streetCode }),
    community: (row) => (row.communityCode ? { code: row.communityCode } : null),
    enterprise: (row) => (row.creditCode ? { creditCode: row.creditCode } : null),
    site: (row) => (row.siteId ? { id: row.siteId } : null),
    reporter: (row) => (row.reporterPersonId ? { id: row.reporterPersonId } : null),
    handler: (row) => (row.handlerPersonId ? { id: row.handlerPersonId } : null),
    routingRulesVersion: (row) => row.rulesVersion,
    overdue: (row, _args, { now }) =>
      (OPEN_STATUSES as readonly string[]).includes(row.status) &&
      new Date(row.dueAt).getTime() < now().getTime(),
    mergedInto: (row, _args, context) =>
      row.mergedInto === null ? null : visibleOrder(row.mergedInto, context),
    splitFrom: (row, _args, context) =>
      row.splitFrom === null ? null : visibleOrder(row.splitFrom, context),
    history: (row, _args, { loaders }) => loaders.stepsByOrder.load(row.id),
    attachments: (row, _args, { loaders }) => loaders.attachmentsByOrder.load(row.id),
  },
  WorkOrderStep: {
    relatedOrderId: (row) => (row.relatedOrderId === null ? null : String(row.relatedOrderId)),
  },
  WorkOrderAttachment: {
    id: (row) => String(row.id),
    sizeBytes: (row) => row.content.length,
    contentBase64: (row) => row.content.toString('base64'),
  },
  WorkOrderConnection: lazyConnectionResolvers<DbWorkOrderRow>(orderKey),
};
