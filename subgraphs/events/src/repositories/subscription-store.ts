import type { Database } from '@cityhub/kit';
import type { DbSubscriptionRow } from './rows.js';

export type NewSubscription = Omit<DbSubscriptionRow, 'active' | 'created_at'>;

/** Webhook subscriptions. The only SQL about them; every read is scoped to its owner. */
export class SubscriptionStore {
  constructor(private readonly db: Database) {}

  async create(subscription: NewSubscription): Promise<DbSubscriptionRow> {
    const [row] = await this.db('webhook_subscriptions')
      .comment('events.createSubscription')
      .insert(subscription)
      .returning('*');
    return row as DbSubscriptionRow;
  }

  ofOwner(ownerKind: string, ownerId: string): Promise<DbSubscriptionRow[]> {
    return this.db('webhook_subscriptions')
      .comment('events.subscriptionsOfOwner')
      .select('*')
      .where({ owner_kind: ownerKind, owner_id: ownerId })
      .orderBy('created_at');
  }

  async ofOwnerById(
    ownerKind: string,
    ownerId: string,
    id: string,
  ): Promise<DbSubscriptionRow | null> {
    const row = await this.db('webhook_subscriptions')
      .comment('events.subscriptionOfOwner')
      .select('*')
      .where({ owner_kind: ownerKind, owner_id: ownerId, id })
      .first();
    return (row as DbSubscriptionRow | undefined) ?? null;
  }

  async deactivate(
    ownerKind: string,
    ownerId: string,
    id: string,
  ): Promise<DbSubscriptionRow | null> {
    const [row] = await this.db('webhook_subscriptions')
      .comment('events.deactivateSubscription')
      .where({ owner_kind: ownerKind, owner_id: ownerId, id })
      .update({ active: false })
      .returning('*');
    return (row as DbSubscriptionRow | undefined) ?? null;
  }

  byIds(ids: readonly string[]): Promise<DbSubscriptionRow[]> {
    return this.db('webhook_subscriptions')
      .comment('events.subscriptionsByIds')
      .select('*')
      .whereIn('id', ids);
  }
}
