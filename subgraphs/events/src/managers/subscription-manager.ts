import { randomUUID } from 'node:crypto';
import {
  BadUserInputError,
  EVENT_CATALOGUE,
  ForbiddenError,
  InputProblems,
  isEventType,
  lazyConnection,
  newWebhookSecret,
  pageWithCursor,
  requireAuthenticated,
  type Caller,
  type PageArgs,
} from '@cityhub/kit';
import type { DeliveryStore } from '../repositories/delivery-store.js';
import type {
  CreatedSubscriptionParent,
  DbSubscriptionRow,
  DeliveryConnectionParent,
  DeliveryStatus,
  ReplayRange,
} from '../repositories/rows.js';
import type { SubscriptionStore } from '../repositories/subscription-store.js';
import type { EventLogManager } from './event-log-manager.js';

export interface SubscriptionInput {
  url: string;
  eventTypes: string[];
  streetCode?: string | null;
  communityCode?: string | null;
  creditCode?: string | null;
}

/** The URL of a subscription, or the reason it cannot be one. */
function webhookUrl(text: string): URL | string {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : 'must be http or https';
  } catch {
    return 'not a URL';
  }
}

/**
 * Webhook subscriptions belong to the user or integrator who made them, and never receive more
 * than that caller may query: each type's scope is required, and a street-local caller's
 * deliveries stay within its streets (its streets are kept with the subscription).
 */
export class SubscriptionManager {
  constructor(
    private readonly subscriptions: SubscriptionStore,
    private readonly deliveryStore: DeliveryStore,
    private readonly eventLog: EventLogManager,
    private readonly caller: Caller,
  ) {}

  /** Every problem of the input is reported at once; then the caller's rights are checked. */
  async create(input: SubscriptionInput): Promise<CreatedSubscriptionParent> {
    requireAuthenticated(this.caller);
    const problems = new InputProblems();
    const url = webhookUrl(input.url);
    if (typeof url === 'string') problems.add('url', url);
    if (input.eventTypes.length === 0) problems.add('eventTypes', 'name at least one event type');
    for (const type of input.eventTypes)
      if (!isEventType(type)) problems.add('eventTypes', `${type} is not in the event catalogue`);
    problems.throwIfAny();
    for (const type of input.eventTypes.filter(isEventType)) {
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
      ownerKind: this.caller.kind,
      ownerId: this.caller.id,
      department: this.caller.department,
      ownerScopes: this.caller.scopes,
      ownerStreets: this.caller.streets,
      ownerPurpose: this.caller.purpose,
      url: url.toString(),
      secret,
      eventTypes: [...new Set(input.eventTypes)],
      streetCode: input.streetCode ?? null,
      communityCode: input.communityCode ?? null,
      creditCode: input.creditCode ?? null,
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

  /** A subscription's deliveries, newest first (the subscription is already the caller's). */
  deliveries(
    subscription: DbSubscriptionRow,
    args: PageArgs & { status?: DeliveryStatus | null },
  ): DeliveryConnectionParent {
    return lazyConnection(
      pageWithCursor(args, /^\d+$/),
      (page) =>
        this.deliveryStore.page(
          subscription.id,
          args.status ?? null,
          page.limit + 1,
          page.afterKey === null ? null : Number(page.afterKey),
        ),
      // The connection has no totalCount.
      () => Promise.resolve(0),
    );
  }

  async replay(subscriptionId: string, range: ReplayRange): Promise<number> {
    const problems = new InputProblems();
    if (!range.eventId && !range.from && !range.to)
      problems.add('eventId', 'give an event id or a time range (from, to)');
    if (range.from && range.to && range.from >= range.to) problems.add('to', 'must be after from');
    problems.throwIfAny();
    const subscription = await this.one(subscriptionId);
    if (!subscription)
      throw new BadUserInputError('subscriptionId', 'no such subscription of yours');
    return this.eventLog.replay(subscription.id, range);
  }
}
