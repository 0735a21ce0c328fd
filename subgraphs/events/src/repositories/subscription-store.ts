import { columnsOf, firstRecordOf, recordsOf, recordsWhereIn, Store } from '@cityhub/kit';
import type { DbSubscriptionRow } from './rows.js';

export type NewSubscription = Omit<DbSubscriptionRow, 'active' | 'createdAt'>;

/** Webhook subscriptions. The only SQL about them; every read is scoped to its owner. */
export class SubscriptionStore extends Store {
  async create(subscription: NewSubscription): Promise<DbSubscriptionRow> {
    const [row] = await recordsOf<DbSubscriptionRow>(
      this.db('webhook_subscriptions')
        .comment('events.createSubscription')
        .insert(columnsOf(subscription))
        .returning('*'),
    );
    return row!;
  }

  ofOwner(ownerKind: string, ownerId: string): Promise<DbSubscriptionRow[]> {
    return recordsOf<DbSubscriptionRow>(
      this.db('webhook_subscriptions')
        .comment('events.subscriptionsOfOwner')
        .select('*')
        .where({ owner_kind: ownerKind, owner_id: ownerId })
        .orderBy('created_at'),
    );
  }

  ofOwnerById(ownerKind: string, ownerId: string, id: string): Promise<DbSubscriptionRow | null> {
    return firstRecordOf<DbSubscriptionRow>(
      this.db('webhook_subscriptions')
        .comment('events.subscriptionOfOwner')
        .select('*')
        .where({ owner_kind: ownerKind, owner_id: ownerId, id }),
    );
  }

  deactivate(ownerKind: string, ownerId: string, id: string): Promise<DbSubscriptionRow | null> {
    return firstRecordOf<DbSubscriptionRow>(
      this.db('webhook_subscriptions')
        .comment('events.deactivateSubscription')
        .where({ owner_kind: ownerKind, owner_id: ownerId, id })
        .update({ active: false })
        .returning('*'),
    );
  }

  byIds(ids: readonly string[]): Promise<DbSubscriptionRow[]> {
    const query = this.db('webhook_subscriptions').comment('events.subscriptionsByIds');
    return recordsWhereIn<DbSubscriptionRow>(query, 'id', ids);
  }
}
