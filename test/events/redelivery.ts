import { randomBytes } from 'node:crypto';
import { Outbox, hubEvent } from '@cityhub/kit';
import { expect, it } from 'vitest';
import { graphql } from '../support/hub.js';
import { until } from '../support/until.js';
import { receiver } from '../support/webhook-receiver.js';
import { risk, SUBSCRIBE, WEBHOOKS, type EventsHub } from './events-hub.js';

/** Deliveries to a receiver that was down, and the replay of dead-lettered ones. */
export function redeliveryTests(env: EventsHub): void {
  it('a receiver that was down gets every event once it is back, each once; a dead-lettered delivery is replayed on request', async () => {
    const { gatewayUrl, date, hub } = env;
    const community = `test-${randomBytes(4).toString('hex')}`;
    let secret = '';
    const hook = await receiver(() => secret);
    const subscribed = await graphql(gatewayUrl, SUBSCRIBE, {
      input: { url: hook.url(), eventTypes: ['risk.level_changed'], communityCode: community },
    });
    secret = subscribed.data!.createWebhookSubscription.secret;
    const subscriptionId = subscribed.data!.createWebhookSubscription.subscription.id;
    await hook.down();

    const outbox = new Outbox('risk');
    const events = Array.from({ length: 40 }, (_, i) =>
      hubEvent(
        'risk.level_changed',
        { streetCode: '310104003', communityCode: community },
        { communityCode: community, from: 'BLUE', to: 'RED', score: 61, runId: -i, date },
      ),
    );
    await risk.transaction((trx) => outbox.add(trx, ...events));
    const statuses = async () => {
      const rows: Array<{ status: string; attempts: number }> = await hub.subgraphs
        .get('events')!
        .db('webhook_deliveries')
        .where({ subscription_id: subscriptionId })
        .select('status', 'attempts');
      return rows;
    };
    // Down: the deliveries are queued and retried.
    await until(async () => {
      const rows = await statuses();
      return rows.length === events.length && rows.every((row) => row.attempts >= 2);
    });
    expect((await statuses()).every((row) => row.status === 'PENDING')).toBe(true);
    await hook.up();
    await until(() => new Set(hook.received.map((delivery) => delivery.id)).size === events.length);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(hook.received.map((delivery) => delivery.id).sort()).toEqual(
      events.map((event) => event.id).sort(),
    );
    expect(hook.received.every((delivery) => delivery.verified)).toBe(true);
    expect((await statuses()).every((row) => row.status === 'DELIVERED')).toBe(true);

    // A receiver that keeps failing: dead-lettered after the limit, then replayed.
    hook.setStatus(500);
    const last = hubEvent(
      'risk.level_changed',
      { streetCode: '310104003', communityCode: community },
      { communityCode: community, from: 'RED', to: 'YELLOW', score: 45, runId: -100, date },
    );
    await risk.transaction((trx) => outbox.add(trx, last));
    await until(async () => (await statuses()).some((row) => row.status === 'DEAD'));
    const dead = await graphql(
      gatewayUrl,
      `
        query ($id: ID!) {
          webhookSubscription(id: $id) {
            deliveries(status: DEAD) {
              edges {
                node {
                  eventId
                  attempts
                  lastStatusCode
                }
              }
            }
          }
        }
      `,
      { id: subscriptionId },
    );
    expect(dead.data!.webhookSubscription.deliveries.edges).toEqual([
      { node: { eventId: last.id, attempts: WEBHOOKS.maxAttempts, lastStatusCode: 500 } },
    ]);
    hook.setStatus(200);
    const replayed = await graphql(
      gatewayUrl,
      `
        mutation ($id: ID!, $eventId: ID) {
          replayWebhookDeliveries(subscriptionId: $id, eventId: $eventId)
        }
      `,
      { id: subscriptionId, eventId: last.id },
    );
    expect(replayed).toMatchObject({ data: { replayWebhookDeliveries: 1 } });
    await until(() => hook.received.some((delivery) => delivery.id === last.id));
    // Replaying a time range sends the whole range again: receivers de-duplicate by webhook-id.
    const range = await graphql(
      gatewayUrl,
      `
        mutation ($id: ID!, $from: DateTime) {
          replayWebhookDeliveries(subscriptionId: $id, from: $from)
        }
      `,
      { id: subscriptionId, from: new Date(Date.now() - 3_600_000).toISOString() },
    );
    expect(range.data!.replayWebhookDeliveries).toBe(events.length + 1);
    await until(() => hook.received.length === 2 * events.length + 2);
    expect(new Set(hook.received.map((delivery) => delivery.id)).size).toBe(events.length + 1);
    await hook.down();
  });
}
