import type { SubgraphBaseContext } from '@cityhub/kit';
import { EventLogManager } from './managers/event-log-manager.js';
import { SubscriptionManager } from './managers/subscription-manager.js';
import { DeliveryStore } from './repositories/delivery-store.js';
import { EventStore } from './repositories/event-store.js';
import { SubscriptionStore } from './repositories/subscription-store.js';

export interface EventsContext extends SubgraphBaseContext {
  subscriptions: SubscriptionManager;
}

export function createEventsContext(base: SubgraphBaseContext): EventsContext {
  return {
    ...base,
    subscriptions: new SubscriptionManager(
      new SubscriptionStore(base.db),
      new DeliveryStore(base.db),
      new EventLogManager(base.db, new EventStore(base.db)),
      base.caller,
    ),
  };
}
