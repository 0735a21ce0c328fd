import type { SubgraphBaseContext } from '@cityhub/kit';
import type { DispatchSettings } from './config.js';
import { createDispatchLoaders, type DispatchLoaders } from './loaders.js';
import { RoutingManager } from './managers/routing-manager.js';
import { HandlingManager } from './managers/handling-manager.js';
import { IntakeManager } from './managers/intake-manager.js';
import type { OrderManagerDeps } from './managers/order-change.js';
import { ReassignmentManager } from './managers/reassignment-manager.js';
import { RoutingStore } from './repositories/routing-store.js';
import { WorkOrderStore } from './repositories/work-order-store.js';

export interface DispatchContext extends SubgraphBaseContext {
  orders: WorkOrderStore;
  routing: RoutingStore;
  intake: IntakeManager;
  handling: HandlingManager;
  reassignment: ReassignmentManager;
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
  const deps: OrderManagerDeps = {
    db: base.db,
    orders,
    routing,
    now,
    caller: base.caller,
    attachmentMaxBytes: settings().attachmentMaxBytes,
  };
  return {
    ...base,
    orders,
    routing,
    now,
    intake: new IntakeManager(deps),
    handling: new HandlingManager(deps),
    reassignment: new ReassignmentManager(deps),
    routingManager: new RoutingManager(routing, base.caller),
    loaders: createDispatchLoaders(orders, routing, now),
  };
}
