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
});
