import { RiskRunner } from '@cityhub/risk';
import { expect, it } from 'vitest';
import { authHeaders, graphql } from '../support/hub.js';
import { communityAboutToTurnRed } from '../support/red-community.js';
import { until } from '../support/until.js';
import { followStream, receiver } from '../support/webhook-receiver.js';
import { logger, risk, SUBSCRIBE, type EventsHub } from './events-hub.js';

/** A risk run's level changes reach a signed webhook and the live stream, which resumes. */
export function webhookAndStreamTests(env: EventsHub): void {
  it('a risk run turning a community red gives one signed webhook delivery and one message on the stream, and the stream resumes from Last-Event-ID', async () => {
    const { gatewayUrl, streamUrl, date, gateway } = env;
    const runner = new RiskRunner(risk, gateway(), logger);
    const { community } = await communityAboutToTurnRed(risk, runner, date, 'events-test');

    let secret = '';
    const hook = await receiver(() => secret);
    const subscribed = await graphql(gatewayUrl, SUBSCRIBE, {
      input: { url: hook.url(), eventTypes: ['risk.level_changed'], communityCode: community },
    });
    expect(subscribed.errors).toBeUndefined();
    secret = subscribed.data!.createWebhookSubscription.secret;
    expect(secret).toMatch(/^whsec_/);

    const official = followStream(streamUrl(), await authHeaders({ roles: ['district-official'] }));
    const otherStreet = followStream(
      streamUrl(),
      await authHeaders({ roles: ['street-official'], streets: ['310104999'] }),
    );
    const noRiskScope = followStream(streamUrl(), await authHeaders({ roles: ['railway-feed'] }));
    expect(await official.status).toBe(200);
    expect(await otherStreet.status).toBe(200);
    expect(await followStream(streamUrl(), {}).status).toBe(401);

    const second = await runner.run(date, 'COMMAND_LINE', 'events-test');
    const ofThisRun = (data: Record<string, any>) =>
      data.communityCode === community && data.runId === second.run.id;
    await until(() => hook.received.some((delivery) => ofThisRun(delivery.body.data)));
    await until(() => official.messages.some((message) => ofThisRun(message.data.data)));
    // Anything late would arrive now.
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    const deliveries = hook.received.filter((delivery) => ofThisRun(delivery.body.data));
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]!.verified).toBe(true);
    expect(deliveries[0]!.body).toMatchObject({
      type: 'risk.level_changed',
      version: 1,
      source: 'risk',
      communityCode: community,
      data: { from: 'BLUE', to: 'RED', date },
    });
    expect(deliveries[0]!.id).toBe(deliveries[0]!.body.id);
    const streamed = official.messages.filter((message) => ofThisRun(message.data.data));
    expect(streamed).toHaveLength(1);
    expect(streamed[0]!.event).toBe('risk.level_changed');
    expect(streamed[0]!.data.id).toBe(deliveries[0]!.id);
    // Only its own street for a street official. Without risk:read, the levels the risk map
    // shows any signed-in caller (the operations-centre screen), and no other risk event.
    expect(otherStreet.messages.filter((message) => ofThisRun(message.data.data))).toHaveLength(0);
    await until(() => noRiskScope.messages.some((message) => ofThisRun(message.data.data)));
    expect(
      noRiskScope.messages
        .map((message) => message.event)
        .filter((type) => type.startsWith('risk.') && !type.match(/level_changed|run_finished/)),
    ).toEqual([]);
    await Promise.all([official.close(), otherStreet.close(), noRiskScope.close()]);

    // Reconnecting with the position before it receives it again; with its own position, not.
    const headers = await authHeaders({ roles: ['district-official'] });
    const resumedBefore = followStream(streamUrl(), {
      ...headers,
      'last-event-id': String(Number(streamed[0]!.id) - 1),
    });
    const resumedAt = followStream(streamUrl(), { ...headers, 'last-event-id': streamed[0]!.id });
    await until(() => resumedBefore.messages.some((message) => ofThisRun(message.data.data)));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(resumedBefore.messages[0]!.id).toBe(streamed[0]!.id);
    expect(resumedAt.messages.some((message) => ofThisRun(message.data.data))).toBe(false);
    await Promise.all([resumedBefore.close(), resumedAt.close()]);

    // The delivery log, through the gateway.
    const log = await graphql(
      gatewayUrl,
      `
        query ($id: ID!) {
          webhookSubscription(id: $id) {
            deliveries {
              edges {
                node {
                  eventId
                  eventType
                  status
                  attempts
                  lastStatusCode
                }
              }
            }
          }
        }
      `,
      { id: subscribed.data!.createWebhookSubscription.subscription.id },
    );
    expect(log.errors).toBeUndefined();
    const logged = log.data!.webhookSubscription.deliveries.edges.map(
      (edge: { node: unknown }) => edge.node,
    );
    expect(logged).toContainEqual({
      eventId: deliveries[0]!.id,
      eventType: 'risk.level_changed',
      status: 'DELIVERED',
      attempts: 1,
      lastStatusCode: 200,
    });
    await hook.down();
  });
}
