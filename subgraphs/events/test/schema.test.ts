import {
  EVENT_CATALOGUE,
  eventVisibleTo,
  hubEvent,
  signWebhook,
  verifyWebhook,
  withSmallCountsSuppressed,
} from '@cityhub/kit';
import { describe, expect, it } from 'vitest';
import { describeSubgraphSchema } from '../../../test/support/department.js';
import { DEFAULT_WEBHOOK_SETTINGS, retryAt } from '../src/managers/webhook-deliverer.js';
import { subgraph } from '../src/index.js';

// Events owns no entity: the catalogue, subscriptions and deliveries are reached from its root fields.
describeSubgraphSchema(subgraph, { keys: {} });

describe('events rules', () => {
  it('checks an event against the catalogue, and its payload carries keys, no personal data', () => {
    expect(() =>
      hubEvent('risk.level_changed', {}, {
        communityCode: '310104003001',
        from: 'BLUE',
        to: 'PURPLE',
      } as never),
    ).toThrow();
    for (const [type, definition] of Object.entries(EVENT_CATALOGUE)) {
      const fields = Object.keys(definition.data.shape);
      expect(
        fields.filter((field) => /name|phone|idNumber|personId|address/i.test(field)),
        type,
      ).toEqual([]);
    }
  });

  it('shows an event only to callers with its scope, and to street-local callers only on their streets', () => {
    const event = { type: 'risk.group_rental_flag_raised', streetCode: '310104003' };
    expect(eventVisibleTo(event, { scopes: ['risk:read'], streets: null })).toBe(true);
    expect(eventVisibleTo(event, { scopes: ['risk:read'], streets: ['310104003'] })).toBe(true);
    expect(eventVisibleTo(event, { scopes: ['risk:read'], streets: ['310104004'] })).toBe(false);
    expect(eventVisibleTo(event, { scopes: ['sites:read'], streets: null })).toBe(false);
    expect(
      eventVisibleTo(
        { ...event, streetCode: null },
        { scopes: ['risk:read'], streets: ['310104003'] },
      ),
    ).toBe(false);
  });

  it('streams risk levels to any signed-in caller, the aggregates-only screen included, street rule kept', () => {
    const changed = { type: 'risk.level_changed', streetCode: '310104003' };
    const viewer = { scopes: [], streets: null };
    expect(eventVisibleTo(changed, viewer)).toBe(true);
    expect(eventVisibleTo({ type: 'risk.run_finished', streetCode: null }, viewer)).toBe(true);
    expect(eventVisibleTo(changed, { scopes: [], streets: ['310104004'] })).toBe(false);
    expect(eventVisibleTo({ type: 'risk.run_failed', streetCode: null }, viewer)).toBe(false);
    expect(eventVisibleTo({ type: 'sites.report_missing', streetCode: '310104003' }, viewer)).toBe(
      false,
    );
  });

  it('publishes counts of people to recipients without exact-figure rights as queries do', () => {
    const event = hubEvent(
      'enterprises.registrations_decided',
      { streetCode: '310104003' },
      { filingCode: 'F-1', decision: 'APPROVE', decided: 3, pending: 0 },
    );
    expect(withSmallCountsSuppressed(event, false).data).toMatchObject({
      decided: null,
      pending: null,
    });
    expect(withSmallCountsSuppressed(event, true).data).toMatchObject({ decided: 3, pending: 0 });
    const many = { ...event, data: { ...event.data, decided: 12 } };
    // Above the threshold, rounded like every published count.
    expect(withSmallCountsSuppressed(many, false).data).toMatchObject({ decided: 10 });
  });

  it('signs deliveries as Standard Webhooks does, and refuses a changed body, a wrong secret or an old timestamp', () => {
    // The Standard Webhooks specification's own example.
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const body = '{"test": 2432232314}';
    const headers = signWebhook(
      secret,
      'msg_p5jXN8AQM9LWM0D4loKWxJek',
      body,
      new Date(1614265330_000),
    );
    expect(headers['webhook-signature']).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
    const now = new Date(1614265330_000 + 60_000);
    expect(verifyWebhook(secret, headers, body, { now })).toBe(true);
    expect(verifyWebhook(secret, headers, `${body} `, { now })).toBe(false);
    expect(verifyWebhook('whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', headers, body, { now })).toBe(
      false,
    );
    expect(
      verifyWebhook(secret, headers, body, { now: new Date(1614265330_000 + 3_600_000) }),
    ).toBe(false);
  });

  it('backs off exponentially up to a ceiling and dead-letters after the limit', () => {
    const settings = {
      ...DEFAULT_WEBHOOK_SETTINGS,
      backoffMs: 1_000,
      maxBackoffMs: 10_000,
      maxAttempts: 6,
    };
    const waits = [1, 2, 3, 4, 5].map((attempts) => retryAt(attempts, settings, 0)!.getTime());
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 10_000]);
    expect(retryAt(6, settings, 0)).toBeNull();
  });
});
