import { EVENT_CATALOGUE, lazyConnectionResolvers, scalarResolvers } from '@cityhub/kit';
import { z } from 'zod';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import type { DbDeliveryRow } from '../repositories/rows.js';

const EVENT_TYPES = Object.entries(EVENT_CATALOGUE).map(([type, definition]) => ({
  type,
  version: definition.version,
  department: definition.department,
  scope: definition.scope,
  description: definition.description,
  dataSchema: JSON.stringify(z.toJSONSchema(definition.data)),
}));

// Deliveries are listed without a total.
const { edges, pageInfo } = lazyConnectionResolvers((row: DbDeliveryRow) => String(row.id));

export const resolvers: Resolvers = {
  DateTime: scalarResolvers.DateTime,
  Query: {
    eventTypes: () => EVENT_TYPES,
    webhookSubscriptions: (_parent, _args, { subscriptions }) => subscriptions.mine(),
    webhookSubscription: (_parent, { id }, { subscriptions }) => subscriptions.one(id),
  },
  Mutation: {
    createWebhookSubscription: (_parent, { input }, { subscriptions }) =>
      subscriptions.create(input),
    deactivateWebhookSubscription: (_parent, { id }, { subscriptions }) =>
      subscriptions.deactivate(id),
    replayWebhookDeliveries: (_parent, { subscriptionId, eventId, from, to }, { subscriptions }) =>
      subscriptions.replay(subscriptionId, { eventId, from, to }),
  },
  WebhookSubscription: {
    deliveries: (row, args, { subscriptions }) => subscriptions.deliveries(row, args),
  },
  WebhookDeliveryConnection: { edges, pageInfo },
  WebhookDelivery: {
    id: (row) => String(row.id),
  },
};
