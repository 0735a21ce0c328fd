import type { Caller } from '@cityhub/kit';
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/support/database.js';
import { TEST_PERSON_ID_KEY } from '../../../test/support/constants.js';
import { FilingManager } from '../src/managers/filing-manager.js';
import { EnterpriseStore } from '../src/repositories/enterprise-store.js';
import { FilingStore } from '../src/repositories/filing-store.js';
import { callers, freshEnterprise, personIdOf, registrant } from './fixtures.js';

const db = testDatabase('enterprises');
afterAll(() => db.destroy());

const manager = (caller: Caller) =>
  new FilingManager(db, new FilingStore(db), new EnterpriseStore(db), caller, TEST_PERSON_ID_KEY);
const codeOf = (error: unknown) => (error as { extensions?: { code?: string } }).extensions?.code;
async function refusal(action: Promise<unknown>): Promise<string | undefined> {
  try {
    await action;
  } catch (error) {
    return codeOf(error);
  }
  throw new Error('expected a refusal');
}
const statuses = async (filingId: number) =>
  (await db('registrations')
    .where({ filing_id: filingId })
    .orderBy('id')
    .pluck('status')) as string[];

describe('the filing rules on a real PostgreSQL', () => {
  it('lets the representative and an official of the street open a filing, and nobody else', async () => {
    const enterprise = await freshEnterprise(db, { streetCode: '310104011' });
    expect(
      await refusal(manager(callers.representative(personIdOf(8))).open(enterprise.creditCode)),
    ).toBe('FORBIDDEN');
    expect(
      await refusal(manager(callers.streetOfficial(['310104003'])).open(enterprise.creditCode)),
    ).toBe('FORBIDDEN');
    expect(
      await db('filings').where({ credit_code: enterprise.creditCode }).count({ n: '*' }),
    ).toEqual([{ n: 0 }]);
    const filing = await manager(callers.streetOfficial(['310104011'])).open(enterprise.creditCode);
    expect(filing).toMatchObject({ status: 'OPEN', creditCode: enterprise.creditCode });
    expect(filing.code).toMatch(/^[0-9A-Z]{10}$/);
    expect(
      await refusal(
        manager(callers.representative(enterprise.legalRepPersonId)).open(enterprise.creditCode),
      ),
    ).toBe('FILING_ALREADY_ACTIVE');
    const closed = await freshEnterprise(db, { status: 'CLOSED' });
    expect(await refusal(manager(callers.service()).open(closed.creditCode))).toBe(
      'ENTERPRISE_CLOSED',
    );
    expect(await refusal(manager(callers.service()).open('91310104MA2000000X'))).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('answers the same registration when a person registers twice, and names the bad field', async () => {
    const enterprise = await freshEnterprise(db);
    const filing = await manager(callers.representative(enterprise.legalRepPersonId)).open(
      enterprise.creditCode,
    );
    const employee = manager(callers.anonymous());
    const first = await employee.register(filing.code.toLowerCase(), registrant(100));
    const again = await employee.register(filing.code, {
      ...registrant(100),
      phone: '13900000000',
    });
    expect(first.created).toBe(true);
    expect(again).toMatchObject({
      registrationId: first.registrationId,
      created: false,
      registeredWith: enterprise.name,
    });
    expect(await statuses(filing.id)).toEqual(['PENDING']);
    const bad = await employee
      .register(filing.code, { ...registrant(101), idNumber: '110105194912310021' })
      .catch((error) => error);
    expect(bad.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argumentName: 'registrant.idNumber',
    });
    const badPhone = await employee
      .register(filing.code, { ...registrant(101), phone: '12345' })
      .catch((error) => error);
    expect(badPhone.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argumentName: 'registrant.phone',
    });
    expect(await refusal(employee.register('ZZZZZZZZZZ', registrant(101)))).toBe(
      'FILING_NOT_FOUND',
    );
  });

  it('gives one registration to a person who registers many times at once', async () => {
    const enterprise = await freshEnterprise(db);
    const filing = await manager(callers.service()).open(enterprise.creditCode);
    const receipts = await Promise.all(
      Array.from({ length: 20 }, () =>
        manager(callers.anonymous()).register(filing.code, registrant(150)),
      ),
    );
    expect(new Set(receipts.map((receipt) => receipt.registrationId)).size).toBe(1);
    expect(receipts.filter((receipt) => receipt.created)).toHaveLength(1);
    expect(await statuses(filing.id)).toEqual(['PENDING']);
  });

  it('applies a batch decision whole or not at all, and refuses deciding twice', async () => {
    const enterprise = await freshEnterprise(db);
    const representative = manager(callers.representative(enterprise.legalRepPersonId));
    const filing = await representative.open(enterprise.creditCode);
    const receipts = [];
    for (const index of [200, 201, 202, 203])
      receipts.push(await manager(callers.anonymous()).register(filing.code, registrant(index)));
    const ids = receipts.map((receipt) => String(receipt.registrationId));
    expect(
      await refusal(
        manager(callers.representative(personIdOf(9))).decide(
          filing.code,
          ids,
          false,
          'APPROVE',
          null,
        ),
      ),
    ).toBe('FORBIDDEN');
    expect(
      await refusal(
        manager(callers.streetOfficial(['310104011'])).decide(
          filing.code,
          ids,
          false,
          'APPROVE',
          null,
        ),
      ),
    ).toBe('FORBIDDEN');
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
