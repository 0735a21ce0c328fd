import type { Caller } from '@cityhub/kit';
import { describe, expect, it } from 'vitest';
import {
  callers,
  freshEnterprise,
  personIdOf,
  refusal,
  registrant,
  filingTestKit,
} from './fixtures.js';

const { db, manager, statuses } = filingTestKit();

describe('filing decisions, submission and review on a real PostgreSQL', () => {
  it('applies a batch decision whole or not at all, and refuses deciding twice', async () => {
    const enterprise = await freshEnterprise(db);
    const representative = manager(callers.representative(enterprise.legalRepPersonId));
    const filing = await representative.open(enterprise.creditCode);
    const receipts = [];
    for (const index of [200, 201, 202, 203])
      receipts.push(await manager(callers.anonymous()).register(filing.code, registrant(index)));
    const ids = receipts.map((receipt) => String(receipt.registrationId));
    const approveAllAs = (caller: Caller) =>
      refusal(manager(caller).decide(filing.code, ids, false, 'APPROVE', null));
    expect(await approveAllAs(callers.representative(personIdOf(9)))).toBe('FORBIDDEN');
    expect(await approveAllAs(callers.streetOfficial(['310104011']))).toBe('FORBIDDEN');
    expect(
      await representative.decide(filing.code, [ids[0]!], false, 'REJECT', '非本企业员工'),
    ).toMatchObject({ decidedCount: 1, pendingCount: 3 });
    expect(await refusal(representative.decide(filing.code, ids, false, 'APPROVE', null))).toBe(
      'REGISTRATION_ALREADY_DECIDED',
    );
    expect(
      await refusal(
        representative.decide(filing.code, [...ids.slice(1), '999999999'], false, 'APPROVE', null),
      ),
    ).toBe('REGISTRATION_NOT_FOUND');
    expect(await statuses(filing.id)).toEqual(['REJECTED', 'PENDING', 'PENDING', 'PENDING']);
    expect(await refusal(representative.submit(filing.code))).toBe('PENDING_REGISTRATIONS');
    expect(await representative.decide(filing.code, null, true, 'APPROVE', null)).toMatchObject({
      decision: 'APPROVE',
      decidedCount: 3,
      pendingCount: 0,
    });
    expect(await refusal(representative.decide(filing.code, null, true, 'APPROVE', null))).toBe(
      'NO_PENDING_REGISTRATIONS',
    );
    expect(
      await refusal(representative.decide(filing.code, ids.slice(1), false, 'APPROVE', null)),
    ).toBe('REGISTRATION_ALREADY_DECIDED');
    expect(
      await db('registration_counts')
        .where({ filing_id: filing.id })
        .sum({ pending: 'pending', approved: 'approved', rejected: 'rejected' }),
    ).toEqual([{ pending: 0, approved: 3, rejected: 1 }]);
  });

  it('takes a filing through submission and review, refusing every step out of turn', async () => {
    const enterprise = await freshEnterprise(db, { streetCode: '310104012' });
    const representative = manager(callers.representative(enterprise.legalRepPersonId));
    const official = manager(callers.streetOfficial(['310104012']));
    const filing = await representative.open(enterprise.creditCode);
    expect(await refusal(representative.submit(filing.code))).toBe('NO_APPROVED_REGISTRATIONS');
    await manager(callers.anonymous()).register(filing.code, registrant(300));
    await representative.decide(filing.code, null, true, 'APPROVE', null);
    expect(await refusal(official.review(filing.code, 'APPROVE', null))).toBe(
      'FILING_NOT_SUBMITTED',
    );
    expect((await representative.submit(filing.code)).status).toBe('SUBMITTED');
    expect(await refusal(representative.submit(filing.code))).toBe('FILING_NOT_OPEN');
    expect(await refusal(manager(callers.anonymous()).register(filing.code, registrant(301)))).toBe(
      'FILING_CLOSED',
    );
    expect(await refusal(representative.decide(filing.code, null, true, 'APPROVE', null))).toBe(
      'FILING_NOT_OPEN',
    );
    expect(await refusal(representative.review(filing.code, 'APPROVE', null))).toBe('FORBIDDEN');
    expect(
      await refusal(
        manager(callers.streetOfficial(['310104003'])).review(filing.code, 'APPROVE', null),
      ),
    ).toBe('FORBIDDEN');
    expect(await refusal(official.review(filing.code, 'REJECT', '  '))).toBe('BAD_USER_INPUT');
    const reviewed = await official.review(filing.code, 'REJECT', '健康信息不全');
    expect(reviewed).toMatchObject({ status: 'REJECTED', reviewReason: '健康信息不全' });
    expect(await refusal(official.review(filing.code, 'APPROVE', null))).toBe(
      'FILING_ALREADY_REVIEWED',
    );
    const history = await db('filing_events')
      .where({ filing_id: filing.id })
      .orderBy('id')
      .select('action', 'actor_id', 'actor_person_id', 'registration_count');
    expect(history).toEqual([
      {
        action: 'OPENED',
        actor_id: `rep-${enterprise.legalRepPersonId}`,
        actor_person_id: enterprise.legalRepPersonId,
        registration_count: null,
      },
      {
        action: 'REGISTRATIONS_APPROVED',
        actor_id: `rep-${enterprise.legalRepPersonId}`,
        actor_person_id: enterprise.legalRepPersonId,
        registration_count: 1,
      },
      {
        action: 'SUBMITTED',
        actor_id: `rep-${enterprise.legalRepPersonId}`,
        actor_person_id: enterprise.legalRepPersonId,
        registration_count: null,
      },
      {
        action: 'REJECTED',
        actor_id: 'official-310104012',
        actor_person_id: null,
        registration_count: null,
      },
    ]);
    // Its outbox holds one event per committed change; every refusal rolled its event back.
    const events = await db('event_outbox')
      .whereRaw(`data->>'filingCode' = ?`, [filing.code])
      .orderBy('seq')
      .select('type', 'data', 'street_code', 'credit_code');
    expect(events).toEqual([
      {
        type: 'enterprises.registrations_decided',
        data: {
          filingCode: filing.code,
          decision: 'APPROVE',
          decided: 1,
          pending: 0,
          decidedAt: expect.any(String),
        },
        street_code: filing.streetCode,
        credit_code: enterprise.creditCode,
      },
      {
        type: 'enterprises.filing_submitted',
        data: { filingCode: filing.code },
        street_code: filing.streetCode,
        credit_code: enterprise.creditCode,
      },
      {
        type: 'enterprises.filing_reviewed',
        data: { filingCode: filing.code, status: 'REJECTED' },
        street_code: filing.streetCode,
        credit_code: enterprise.creditCode,
      },
    ]);
    // After a rejection the enterprise may file again.
    expect((await representative.open(enterprise.creditCode)).status).toBe('OPEN');
  });
});
