import { InvalidInputError } from '@cityhub/kit';
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/support/database.js';
import { testCaller } from '../../../test/support/hub.js';
import { EventLogManager } from '../src/managers/event-log-manager.js';
import { SubscriptionManager } from '../src/managers/subscription-manager.js';
import { DeliveryStore } from '../src/repositories/delivery-store.js';
import { EventStore } from '../src/repositories/event-store.js';
import { SubscriptionStore } from '../src/repositories/subscription-store.js';

const db = testDatabase('events');
afterAll(() => db.destroy());

function managerFor(id: string) {
  return new SubscriptionManager(
    new SubscriptionStore(db),
    new DeliveryStore(db),
    new EventLogManager(db, new EventStore(db)),
    testCaller({ id }),
  );
}

describe('webhook subscriptions refuse bad input whole', () => {
  it('reports the URL and every unknown event type in one answer, and stores nothing', async () => {
    const owner = `subscriber-${Date.now().toString(36)}`;
    const subscriptions = managerFor(owner);
    const refused = await subscriptions
      .create({
        url: 'ftp://example.org/hook',
        eventTypes: ['risk.nothing', 'risk.level_changed', 'x'],
      })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(InvalidInputError);
    expect((refused as InvalidInputError).problems).toEqual([
      { field: 'url', reason: 'must be http or https' },
      { field: 'eventTypes', reason: 'risk.nothing is not in the event catalogue' },
      { field: 'eventTypes', reason: 'x is not in the event catalogue' },
    ]);
    expect(await subscriptions.mine()).toEqual([]);
  });

  it('reports an empty replay range and a range that ends before it starts', async () => {
    const subscriptions = managerFor('replayer');
    await expect(
      subscriptions.replay('00000000-0000-0000-0000-000000000000', {}),
    ).rejects.toMatchObject({
      problems: [{ field: 'eventId', reason: 'give an event id or a time range (from, to)' }],
    });
    const from = new Date('2026-11-30T00:00:00Z');
    await expect(
      subscriptions.replay('00000000-0000-0000-0000-000000000000', { from, to: from }),
    ).rejects.toMatchObject({ problems: [{ field: 'to', reason: 'must be after from' }] });
  });
});
