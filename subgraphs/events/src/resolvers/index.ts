import {
  BadUserInputError,
  EVENT_CATALOGUE,
  connectionFrom,
  pageOf,
  scalarResolvers,
} from '@cityhub/kit';
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

const idKey = (row: DbDeliveryRow) => String(row.id);

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
    eventTypes: (row) => row.event_types,
    streetCode: (row) => row.street_code,
    communityCode: (row) => row.community_code,
    creditCode: (row) => row.credit_code,
    createdAt: (row) => row.created_at,
    deliveries: (row, { status, ...args }, { deliveries }) => {
      const page = pageOf(args);
      if (page.afterKey !== null && !/^\d+$/.test(page.afterKey))
        throw new BadUserInputError('after', 'not a cursor of this list');
      let rows: Promise<DbDeliveryRow[]> | undefined;
      return {
        ...page,
        rows: () =>
          (rows ??= deliveries.page(
            row.id,
            status ?? null,
            page.limit + 1,
            page.afterKey === null ? null : Number(page.afterKey),
          )),
      };
    },
  },
  WebhookDeliveryConnection: {
    edges: async (parent) => connectionFrom(await parent.rows(), parent, idKey).edges,
    pageInfo: async (parent) => connectionFrom(await parent.rows(), parent, idKey).pageInfo,
  },
  WebhookDelivery: {
    id: (row) => String(row.id),
    eventId: (row) => row.event_id,
    eventType: (row) => row.event_type,
    occurredAt: (row) => row.occurred_at,
    attempts: (row) => row.attempts,
    lastStatusCode: (row) => row.last_status_code,
    lastError: (row) => row.last_error,
    nextAttemptAt: (row) => row.next_attempt_at,
    deliveredAt: (row) => row.delivered_at,
  },
};
