import { afterAll, describe, expect, it } from 'vitest';
import { FilingManager } from '../../subgraphs/enterprises/src/managers/filing-manager.js';
import { EnterpriseStore } from '../../subgraphs/enterprises/src/repositories/enterprise-store.js';
import { FilingStore } from '../../subgraphs/enterprises/src/repositories/filing-store.js';
import { callers, freshEnterprise, registrant } from '../../subgraphs/enterprises/test/fixtures.js';
import { TEST_PERSON_ID_KEY } from '../support/constants.js';
import { testDatabase } from '../support/database.js';
import { EVENT_BUSES, useEventsHub } from '../support/events-hub.js';
import { graphql } from '../support/hub.js';
import { until } from '../support/until.js';

/** The event catalogue, and a department's event reaching another department's notices. */
const enterprises = testDatabase('enterprises');
afterAll(() => enterprises.destroy());

describe.each(EVENT_BUSES)('events end to end through %s', (_name, dayOffset, busSettings) => {
  const { gatewayUrl, notifier } = useEventsHub(dayOffset, busSettings);

  it('a filing approval gives one notice per person concerned, through the bus to the enterprises department', async () => {
    const enterprise = await freshEnterprise(enterprises, { streetCode: '310104012' });
    const manager = (caller: ReturnType<typeof callers.service>) =>
      new FilingManager(
        enterprises,
        new FilingStore(enterprises),
        new EnterpriseStore(enterprises),
        caller,
        TEST_PERSON_ID_KEY,
      );
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
    const result = await graphql(
      gatewayUrl(),
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
});
