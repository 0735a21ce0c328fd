import { officialRoles, type SubgraphDefinition } from '@cityhub/kit';
import { createTransportContext, type TransportContext } from './context.js';
import { transportOutbox } from './events.js';
import { passageFeed } from './managers/passage-feed.js';
import { migrations } from './migrations/index.js';
import { resolvers } from './resolvers/index.js';

export { seedTransport as seed } from './seed/seed-transport.js';
export type { TransportContext } from './context.js';
export { PASSAGE_FEED, passageFeed, passageIntake } from './managers/passage-feed.js';

/** The transport department's subgraph (交通): station arrivals, hourly flow and peaks, traffic checkpoints. */
export const subgraph: SubgraphDefinition<TransportContext> = {
  name: 'transport',
  schemaFile: new URL('../schema.graphql', import.meta.url),
  resolvers,
  migrations,
  createContext: createTransportContext,
  access: {
    scopes: {
      'transport:read': 'passenger arrivals and checkpoint passages (rows)',
      'transport:ingest': 'pushing the ticketing feed and checkpoint passages',
    },
    roles: {
      ...officialRoles('transport:read'),
      'railway-feed': ['transport:ingest'],
      'checkpoint-feed': ['transport:ingest'],
    },
  },
  outbox: transportOutbox,
  // Checkpoint passages also from NATS and MQTT, when configured (TRANSPORT_FEED_* or FEED_*).
  feeds: () => [passageFeed],
};
export { importMappings } from './importers/index.js';
