import type { SubgraphBaseContext } from '@cityhub/kit';
import { SubscriptionManager } from './managers/subscription-manager.js';
import { DeliveryStore } from './repositories/delivery-store.js';
import { EventStore } from './repositories/event-store.js';
import { SubscriptionStore } from './repositories/subscription-store.js';

export interface EventsContext extends SubgraphBaseContext {
  subscriptions: SubscriptionManager;
  deliveries: DeliveryStore;
}

export function createEventsContext(base: SubgraphBaseContext): EventsContext {
  return {
    ...base,
    subscriptions: new SubscriptionManager(
      new SubscriptionStore(base.db),
      new EventStore(base.db),
      base.caller,
    ),
    deliveries: new DeliveryStore(base.db),
  };
}
