import { officialRoles, type SubgraphDefinition } from '@cityhub/kit';
import { dispatchEnvironment, type DispatchSettings } from './config.js';
import { createDispatchContext, type DispatchContext } from './context.js';
import { dispatchOutbox } from './events.js';
import { EventIntake } from './managers/event-intake.js';
import { migrations } from './migrations/index.js';
import { RoutingStore } from './repositories/routing-store.js';
import { WorkOrderStore } from './repositories/work-order-store.js';
import { resolvers } from './resolvers/index.js';
import { scheduleEscalation } from './schedule.js';

export { seedDispatch as seed } from './seed/seed-dispatch.js';
export type { DispatchContext } from './context.js';
export type { DispatchSettings } from './config.js';
export { EventIntake, requestFor } from './managers/event-intake.js';
export { escalateOverdueOrders } from './managers/escalation.js';
export { WorkOrderStore } from './repositories/work-order-store.js';
export { importMappings } from './importers/index.js';
export { RoutingStore } from './repositories/routing-store.js';

/** The bus consumer that turns other departments' events into work orders. */
export const INTAKE_CONSUMER = 'dispatch-intake';

export interface DispatchOptions {
  /** Replaces the settings parsed from the environment at start (tests). */
  settings?: () => DispatchSettings;
  /** The department's clock: deadlines, escalation, each step's time. */
  now?: () => Date;
  /** The durable consumer's name on the bus; a test's own hub takes its own position. */
  consumerName?: string;
}

/**
 * The dispatch department (一网统管): work orders from a problem found to a problem closed —
 * intake from events, officials and the citizen hotline, routing by versioned rules, handling,
 * deadlines and escalation up the grid → street → district ladder.
 */
export function createDispatchSubgraph({
  settings,
  now = () => new Date(),
  consumerName = INTAKE_CONSUMER,
}: DispatchOptions = {}): SubgraphDefinition<DispatchContext, DispatchSettings> {
  return {
    name: 'dispatch',
    schemaFile: new URL('../schema.graphql', import.meta.url),
    environment: dispatchEnvironment,
    resolvers,
    migrations,
    createContext: (base) =>
      createDispatchContext(base, { settings: () => settings?.() ?? base.settings, now }),
    access: {
      scopes: {
        'dispatch:read': "work orders (工单) of the caller's streets and their statistics' rows",
        'dispatch:handle':
          "opening, accepting, reassigning, merging, splitting and closing work orders of the caller's streets",
        'dispatch:intake': 'feeding citizen hotline (12345) calls in as work orders',
        'dispatch:rules':
          'publishing versions of the routing rules (who handles what, and by when)',
      },
      roles: {
        ...officialRoles('dispatch:read', 'dispatch:handle'),
        'hotline-feed': ['dispatch:intake'],
        'dispatch-officer': ['dispatch:read', 'dispatch:handle', 'dispatch:rules'],
      },
    },
    outbox: dispatchOutbox,
    async background(runtime) {
      const escalation = scheduleEscalation(runtime, settings?.() ?? runtime.settings, now);
      const intake = new EventIntake(
        {
          db: runtime.db,
          orders: new WorkOrderStore(runtime.db),
          routing: new RoutingStore(runtime.db),
          now,
        },
        runtime.logger.child({ consumer: consumerName }),
      );
      const consumer = runtime.bus
        ? await runtime.bus.consume(consumerName, async (events) => {
            await intake.handle(events);
          })
        : null;
      return {
        async stop() {
          await consumer?.stop();
          await escalation.stop();
        },
      };
    },
  };
}

export const subgraph: SubgraphDefinition<DispatchContext, DispatchSettings> =
  createDispatchSubgraph();
