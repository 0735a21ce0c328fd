import { randomBytes } from 'node:crypto';
import {
  PostgresEventBus,
  RecordingNotifier,
  createLogger,
  eventOfRow,
  type Caller,
  type HubEvent,
} from '@cityhub/kit';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { testDatabase } from '../../../test/support/database.js';
import { NoticeManager } from '../src/managers/notice-manager.js';
import { NoticeStore } from '../src/repositories/notice-store.js';
import { callers, filingManagerFor, freshEnterprise, personIdOf, registrant } from './fixtures.js';

const db = testDatabase('enterprises');
afterAll(() => db.destroy());
const logger = createLogger('notices-test', 'silent');

const manager = (caller: Caller) => filingManagerFor(db, caller);

/** A filing taken through decisions (one rejected, two approved), submission and approval. */
async function approvedFiling(first: number) {
  const enterprise = await freshEnterprise(db, { streetCode: '310104012' });
  const representative = manager(callers.representative(enterprise.legalRepPersonId));
  const filing = await representative.open(enterprise.creditCode);
  const receipts = [];
  for (const index of [first, first + 1, first + 2])
    receipts.push(await manager(callers.anonymous()).register(filing.code, registrant(index)));
  await representative.decide(
    filing.code,
    [String(receipts[2]!.registrationId)],
    false,
    'REJECT',
    null,
  );
  await representative.decide(filing.code, null, true, 'APPROVE', null);
  await representative.submit(filing.code);
  await manager(callers.streetOfficial(['310104012'])).review(filing.code, 'APPROVE', null);
  const events = (
    await db('event_outbox').whereRaw(`data->>'filingCode' = ?`, [filing.code]).orderBy('seq')
  ).map(eventOfRow);
  return { enterprise, filing, events };
}

function noticeManager(notifier: RecordingNotifier) {
  return new NoticeManager({
    db,
    notices: new NoticeStore(db),
    notifier,
    logger,
    smsMailDomain: 'sms.city.example',
  });
}

const noticesOf = (filingCode: string) =>
  db('notices')
    .where({ filing_code: filingCode })
    .orderBy('id')
    .select('event_type', 'recipient_role', 'recipient_person_id', 'address', 'subject', 'sent_at');

describe('notices to people', () => {
  it('tells each registrant the decision and the filing approval once, even when events come twice', async () => {
    const { enterprise, filing, events } = await approvedFiling(500);
    expect(events.map((event) => event.type)).toEqual([
      'enterprises.registrations_decided',
      'enterprises.registrations_decided',
      'enterprises.filing_submitted',
      'enterprises.filing_reviewed',
    ]);
    // Events carry ids only: no phone, name or ID number travels.
    const people = [500, 501, 502].map((i) => registrant(i));
    for (const person of people) expect(JSON.stringify(events)).not.toContain(person.phone);

    const notifier = new RecordingNotifier();
    const notices = noticeManager(notifier);
    await notices.handle(events);
    await notices.handle(events); // delivered again
    await notices.handle([events[3]!]);

    const rows = await noticesOf(filing.code);
    const mail = (i: number) => `${registrant(i).phone}@sms.city.example`;
    expect(rows.map((row) => [row.event_type, row.recipient_role, row.address])).toEqual([
      ['enterprises.registrations_decided', 'REGISTRANT', mail(502)],
      ['enterprises.registrations_decided', 'REGISTRANT', mail(500)],
      ['enterprises.registrations_decided', 'REGISTRANT', mail(501)],
      ['enterprises.filing_reviewed', 'LEGAL_REPRESENTATIVE', null],
      ['enterprises.filing_reviewed', 'REGISTRANT', mail(500)],
      ['enterprises.filing_reviewed', 'REGISTRANT', mail(501)],
    ]);
    expect(rows[3]!.recipient_person_id).toBe(enterprise.legalRepPersonId);
    expect(rows[4]!.recipient_person_id).toBe(personIdOf(500));
    expect(rows[4]!.subject).toBe('复工通知');
    // Every notice with an address was sent, once.
    expect(notifier.sent.map((notice) => notice.to)).toEqual([
      mail(502),
      mail(500),
      mail(501),
      mail(500),
      mail(501),
    ]);
    expect(rows.filter((row) => row.address).every((row) => row.sent_at !== null)).toBe(true);
    expect(notifier.sent[3]).toMatchObject({ subject: '复工通知', eventId: events[3]!.id });
  });

  it('sends a notice written but not sent when its event comes again', async () => {
    const { filing, events } = await approvedFiling(510);
    const failing = new RecordingNotifier();
    failing.send = async () => {
      throw new Error('relay down');
    };
    await noticeManager(failing).handle([events[3]!]);
    expect((await noticesOf(filing.code)).filter((row) => row.sent_at)).toHaveLength(0);
    const notifier = new RecordingNotifier();
    await noticeManager(notifier).handle([events[3]!]);
    await noticeManager(notifier).handle([events[3]!]);
    expect(notifier.sent).toHaveLength(2);
  });

  it('receives the events through the PostgreSQL bus', async () => {
    const { filing, events } = await approvedFiling(520);
    const bus = await PostgresEventBus.open({
      databaseUrl: inject('databaseUrl'),
      logger,
      pollMs: 100,
    });
    try {
      await bus.publish(events);
      await bus.publish(events); // a relay that published again after a crash
      const notifier = new RecordingNotifier();
      const notices = noticeManager(notifier);
      const seen: HubEvent[] = [];
      const consumer = await bus.consume(
        `notices-test-${randomBytes(4).toString('hex')}`,
        async (batch) => {
          seen.push(...batch);
          await notices.handle(batch);
        },
      );
      const deadline = Date.now() + 20_000;
      while (!events.every((event) => seen.some((s) => s.id === event.id)) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
      await consumer.stop();
      expect((await noticesOf(filing.code)).map((row) => row.recipient_role)).toEqual([
        'REGISTRANT',
        'REGISTRANT',
        'REGISTRANT',
        'LEGAL_REPRESENTATIVE',
        'REGISTRANT',
        'REGISTRANT',
      ]);
      expect(notifier.sent.filter((n) => events.some((e) => e.id === n.eventId))).toHaveLength(5);
    } finally {
      await bus.close();
    }
  });
});
