import type { DbWorkOrderRow } from '../repositories/rows.js';
import { isOpen } from './order-change.js';

/** What a split's parts keep of the order split: its place and who reported it. */
export function placeOf(order: DbWorkOrderRow) {
  return {
    streetCode: order.streetCode,
    communityCode: order.communityCode,
    creditCode: order.creditCode,
    siteId: order.siteId,
    location: order.location,
    reporterPersonId: order.reporterPersonId,
    callerPhone: order.callerPhone,
    callerName: order.callerName,
  };
}

/** Why an order is no duplicate of the one kept; null when it is. */
export function duplicateProblem(
  kept: DbWorkOrderRow,
  order: DbWorkOrderRow,
  windowMinutes: number,
): string | null {
  if (!isOpen(order)) return `is ${order.status}, not open`;
  if (order.category !== kept.category) return `is ${order.category}, not ${kept.category}`;
  if (order.streetCode !== kept.streetCode || order.communityCode !== kept.communityCode)
    return 'is about another place';
  const apart = Math.abs(new Date(order.openedAt).getTime() - new Date(kept.openedAt).getTime());
  if (apart > windowMinutes * 60_000)
    return `was opened more than ${windowMinutes} minutes apart from the order kept`;
  return null;
}
