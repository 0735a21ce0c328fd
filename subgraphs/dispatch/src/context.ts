import type { SubgraphBaseContext } from '@cityhub/kit';
import type { DispatchSettings } from './config.js';
import { createDispatchLoaders, type DispatchLoaders } from './loaders.js';
import { RoutingManager } from './managers/routing-manager.js';
import { WorkOrderManager } from './managers/work-order-manager.js';
import { RoutingStore } from './repositories/routing-store.js';
import { WorkOrderStore } from './repositories/work-order-store.js';

export interface DispatchContext extends SubgraphBaseContext {
  orders: WorkOrderStore;
  routing: RoutingStore;
  workOrderManager: WorkOrderManager;
  routingManager: RoutingManager;
  loaders: DispatchLoaders;
  /** The department's clock (a test moves it forward to pass deadlines). */
  now: () => Date;
}

export interface DispatchDependencies {
  settings: () => Pick<DispatchSettings, 'attachmentMaxBytes'>;
  now: () => Date;
}

/** Built per request: loaders never outlive the request, so one caller's data never reaches another. */
export function createDispatchContext(
  base: SubgraphBaseContext,
  { settings, now }: DispatchDependencies,
): DispatchContext {
  const orders = new WorkOrderStore(base.db);
  const routing = new RoutingStore(base.db);
  return {
    ...base,
    orders,
    routing,
    now,
    workOrderManager: new WorkOrderManager({
      db: base.db,
      orders,
      routing,
      now,
      caller: base.caller,
      attachmentMaxBytes: settings().attachmentMaxBytes,
    }),
    routingManager: new RoutingManager(routing, base.caller),
    loaders: createDispatchLoaders(orders, routing, now),
  };
}
