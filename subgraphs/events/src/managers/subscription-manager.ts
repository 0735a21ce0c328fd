import { randomUUID } from 'node:crypto';
import {
  BadUserInputError,
  EVENT_CATALOGUE,
  ForbiddenError,
  isEventType,
  newWebhookSecret,
  requireAuthenticated,
  type Caller,
} from '@cityhub/kit';
import type { EventStore } from '../repositories/event-store.js';
import type { CreatedSubscriptionParent, DbSubscriptionRow } from '../repositories/rows.js';
import type { SubscriptionStore } from '../repositories/subscription-store.js';

export interface SubscriptionInput {
  url: string;
  eventTypes: string[];
  streetCode?: string | null;
  communityCode?: string | null;
  creditCode?: string | null;
}

/**
 * Webhook subscriptions belong to the user or integrator who made them, and never receive more
 * than that caller may query: each type's scope is required, and a street-local caller's
 * deliveries stay within its streets (its streets are kept with the subscription).
 */
export class SubscriptionManager {
  constructor(
    private readonly subscriptions: SubscriptionStore,
    private readonly events: EventStore,
    private readonly caller: Caller,
  ) {}

  async create(input: SubscriptionInput): Promise<CreatedSubscriptionParent> {
    requireAuthenticated(this.caller);
    let url: URL;
    try {
      url = new URL(input.url);
    } catch {
      throw new BadUserInputError('url', 'not a URL');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new BadUserInputError('url', 'must be http or https');
    if (input.eventTypes.length === 0)
      throw new BadUserInputError('eventTypes', 'name at least one event type');
    for (const type of input.eventTypes) {
      if (!isEventType(type))
        throw new BadUserInputError('eventTypes', `${type} is not in the event catalogue`);
      const scope = EVENT_CATALOGUE[type].scope;
      if (!this.caller.scopes.includes(scope))
        throw new ForbiddenError(`Receiving ${type} needs the scope ${scope}.`, { scope });
    }
    if (input.streetCode && this.caller.streets && !this.caller.streets.includes(input.streetCode))
      throw new ForbiddenError(`Your role does not cover street ${input.streetCode}.`, {
        streetCode: input.streetCode,
      });
    const secret = newWebhookSecret();
    const subscription = await this.subscriptions.create({
      id: randomUUID(),
      owner_kind: this.caller.kind,
      owner_id: this.caller.id,
      department: this.caller.department,
      owner_scopes: this.caller.scopes,
      owner_streets: this.caller.streets,
      owner_purpose: this.caller.purpose,
      url: url.toString(),
      secret,
      event_types: [...new Set(input.eventTypes)],
      street_code: input.streetCode ?? null,
      community_code: input.communityCode ?? null,
      credit_code: input.creditCode ?? null,
    });
    return { subscription, secret };
  }

  mine(): Promise<DbSubscriptionRow[]> {
    requireAuthenticated(this.caller);
    return this.subscriptions.ofOwner(this.caller.kind, this.caller.id);
  }

  one(id: string): Promise<DbSubscriptionRow | null> {
    requireAuthenticated(this.caller);
    return this.subscriptions.ofOwnerById(this.caller.kind, this.caller.id, id);
  }

  deactivate(id: string): Promise<DbSubscriptionRow | null> {
    requireAuthenticated(this.caller);
    return this.subscriptions.deactivate(this.caller.kind, this.caller.id, id);
  }

  async replay(
    subscriptionId: string,
    range: { eventId?: string | null; from?: Date | null; to?: Date | null },
  ): Promise<number> {
    if (!range.eventId && !range.from && !range.to)
      throw new BadUserInputError('eventId', 'give an event id or a time range (from, to)');
    if (range.from && range.to && range.from >= range.to)
      throw new BadUserInputError('to', 'must be after from');
    const subscription = await this.one(subscriptionId);
    if (!subscription)
      throw new BadUserInputError('subscriptionId', 'no such subscription of yours');
    return this.events.replay(subscription.id, range);
  }
}
