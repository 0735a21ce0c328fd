import { expect, it } from 'vitest';
import {
  callers,
  filingManagerFor,
  freshEnterprise,
  registrant,
} from '../../subgraphs/enterprises/test/fixtures.js';
import { authHeaders, graphql } from '../support/hub.js';
import { until } from '../support/until.js';
import { enterprises, SUBSCRIBE, type EventsHub } from './events-hub.js';

/** Notices sent by the enterprises department on a filing's events, and the catalogue in the schema. */
export function noticeAndCatalogueTests(env: EventsHub): void {
  it('a filing approval gives one notice per person concerned, through the bus to the enterprises department', async () => {
    const { notifier } = env;
    const enterprise = await freshEnterprise(enterprises, { streetCode: '310104012' });
    const manager = (caller: ReturnType<typeof callers.service>) =>
      filingManagerFor(enterprises, caller);
    const representative = manager(callers.representative(enterprise.legalRepPersonId));
    const filing = await representative.open(enterprise.creditCode);
    for (const index of [600, 601])
      await manager(callers.anonymous()).register(filing.code, registrant(index));
    await representative.decide(filing.code, null, true, 'APPROVE', null);
    await representative.submit(filing.code);
    await manager(callers.streetOfficial(['310104012'])).review(filing.code, 'APPROVE', null);
    const notices = () => enterprises('notices').where({ filing_code: filing.code });
    // Two decisions, the representative's (recorded: no contact held) and two approval notices.
    await until(
      async () =>
        (await notices()).length === 5 && (await notices()).filter((n) => n.sent_at).length === 4,
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await notices()).toHaveLength(5);
    const sent = notifier.sent.filter((notice) => notice.text.includes(filing.code));
    expect(sent.map((notice) => notice.subject).sort()).toEqual([
      '复工登记已确认',
      '复工登记已确认',
      '复工通知',
      '复工通知',
    ]);
  });

  it('lists the event catalogue in the schema', async () => {
    const { gatewayUrl } = env;
    const result = await graphql(
      gatewayUrl,
      '{ eventTypes { type version department scope dataSchema } }',
      undefined,
      {},
    );
    expect(result.errors).toBeUndefined();
    const levelChanged = result.data!.eventTypes.find(
      (type: { type: string }) => type.type === 'risk.level_changed',
    );
    expect(levelChanged).toMatchObject({ version: 1, department: 'risk', scope: 'risk:read' });
    expect(Object.keys(JSON.parse(levelChanged.dataSchema).properties)).toEqual([
      'communityCode',
      'from',
      'to',
      'score',
      'runId',
      'date',
    ]);
  });
}

/** Subscriptions are refused beyond what the caller may read. */
export function subscriptionRefusalTests(env: EventsHub): void {
  it('refuses subscriptions beyond the caller: a type without its scope, another street, an unknown type', async () => {
    const { gatewayUrl } = env;
    const contractor = await graphql(
      gatewayUrl,
      SUBSCRIBE,
      { input: { url: 'http://127.0.0.1:9/hook', eventTypes: ['risk.level_changed'] } },
      await authHeaders({ roles: ['railway-feed'] }),
    );
    expect(contractor.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const street = await graphql(
      gatewayUrl,
      SUBSCRIBE,
      {
        input: {
          url: 'http://127.0.0.1:9/hook',
          eventTypes: ['risk.level_changed'],
          streetCode: '310104004',
        },
      },
      await authHeaders({ roles: ['street-official'], streets: ['310104003'] }),
    );
    expect(street.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const unknown = await graphql(gatewayUrl, SUBSCRIBE, {
      input: { url: 'http://127.0.0.1:9/hook', eventTypes: ['risk.nothing'] },
    });
    expect(unknown.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argumentName: 'eventTypes',
    });
    const anonymous = await graphql(gatewayUrl, '{ webhookSubscriptions { id } }', undefined, {});
    expect(anonymous.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
  });
}
