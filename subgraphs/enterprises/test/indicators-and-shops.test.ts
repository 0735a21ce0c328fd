import { cityDate, type Caller } from '@cityhub/kit';
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/support/database.js';
import { TEST_PERSON_ID_KEY } from '../../../test/support/constants.js';
import { testCity } from '../../../test/support/hub.js';
import { IndicatorManager } from '../src/managers/indicator-manager.js';
import { addMonths, monthOf } from '../src/rules/indicator-months.js';
import { ShopManager } from '../src/managers/shop-manager.js';
import { EnterpriseStore } from '../src/repositories/enterprise-store.js';
import { IndicatorStore } from '../src/repositories/indicator-store.js';
import { ShopStore } from '../src/repositories/shop-store.js';
import { callers, freshEnterprise, personIdOf, registrant } from './fixtures.js';

const db = testDatabase('enterprises');
afterAll(() => db.destroy());
const indicators = (caller: Caller) =>
  new IndicatorManager(db, new IndicatorStore(db), new EnterpriseStore(db), caller);
const shops = (caller: Caller) =>
  new ShopManager(db, new ShopStore(db), new EnterpriseStore(db), caller, TEST_PERSON_ID_KEY);
const codeOf = async (action: Promise<unknown>) =>
  action.then(
    () => null,
    (error) => error.extensions?.code as string,
  );

/** 14 steady months ending last month, with revenue `drop`ped in the last. */
function months(creditCode: string, drop: number) {
  const last = addMonths(monthOf(cityDate()), -1);
  return Array.from({ length: 14 }, (_, i) => ({
    creditCode,
    month: addMonths(last, i - 13),
    revenue: i === 13 ? 100 * drop : 100 + (i % 2),
    operatingProfit: 10,
    headcount: 50,
  }));
}

describe('operating indicators and early warning', () => {
  it('warns when revenue falls by more than the threshold against the previous month and the same month last year', async () => {
    const enterprise = await freshEnterprise(db);
    const { recorded, warnings } = await indicators(callers.service()).record(
      months(enterprise.creditCode, 0.5),
      0.3,
    );
    expect(recorded).toBe(14);
    expect(warnings.map((w) => [w.figure, w.basis]).sort()).toEqual([
      ['REVENUE', 'PREVIOUS_MONTH'],
      ['REVENUE', 'SAME_MONTH_LAST_YEAR'],
    ]);
    const warning = warnings.find((w) => w.basis === 'PREVIOUS_MONTH')!;
    expect(Number(warning.previousValue)).toBe(100);
    expect(Number(warning.currentValue)).toBe(50);
    expect(warning.changeRatio).toBeCloseTo(-0.5, 6);
    expect(warning.streetCode).toBe(enterprise.streetCode);
  });

  it('records the same month twice without duplicating it or its warnings, and follows a correction', async () => {
    const enterprise = await freshEnterprise(db);
    const manager = indicators(callers.service());
    await manager.record(months(enterprise.creditCode, 0.5), 0.3);
    await manager.record(months(enterprise.creditCode, 0.5), 0.3);
    expect(
      await db('indicators').where({ credit_code: enterprise.creditCode }).count({ n: '*' }),
    ).toEqual([{ n: 14 }]);
    expect(
      await db('warnings').where({ credit_code: enterprise.creditCode }).count({ n: '*' }),
    ).toEqual([{ n: 2 }]);
    // The last month corrected to a normal figure: its warnings go away.
    const corrected = months(enterprise.creditCode, 1).slice(-1);
    expect((await manager.record(corrected, 0.3)).warnings).toEqual([]);
    expect(
      await db('warnings').where({ credit_code: enterprise.creditCode }).count({ n: '*' }),
    ).toEqual([{ n: 0 }]);
    // A stricter threshold catches the smaller swing.
    expect(
      (await manager.record(months(enterprise.creditCode, 0.9), 0.05)).warnings.length,
    ).toBeGreaterThan(0);
  });

  it('refuses bad figures naming the record, and a representative recording for another enterprise', async () => {
    const enterprise = await freshEnterprise(db);
    const [first] = months(enterprise.creditCode, 1);
    const bad = await indicators(callers.service())
      .record([{ ...first!, revenue: -1 }], 0.3)
      .catch((error) => error);
    expect(bad.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argumentName: 'records[0].revenue',
    });
    const twice = await indicators(callers.service())
      .record([first!, first!], 0.3)
      .catch((error) => error);
    expect(twice.extensions).toMatchObject({ argumentName: 'records[1].month' });
    expect(
      await codeOf(indicators(callers.representative(personIdOf(9))).record([first!], 0.3)),
    ).toBe('FORBIDDEN');
    expect(await codeOf(indicators(callers.service()).record([first!], 0))).toBe('BAD_USER_INPUT');
    expect(
      await db('indicators').where({ credit_code: enterprise.creditCode }).count({ n: '*' }),
    ).toEqual([{ n: 0 }]);
  });
});

describe('street shops register their staff one-to-N', () => {
  it('registers a shop, takes staff through its code idempotently, and approves them in one batch', async () => {
    const operator = testCity().person(40);
    const official = callers.streetOfficial(['310104014']);
    const shop = await shops(official).registerShop({
      name: '好邻居便利店',
      streetCode: '310104014',
      address: '漕溪北路1号',
      operatorIdNumber: operator.idNumber,
    });
    expect(
      await codeOf(
        shops(callers.streetOfficial(['310104003'])).registerShop({
          name: 'x',
          streetCode: '310104014',
          address: 'y',
          operatorIdNumber: operator.idNumber,
        }),
      ),
    ).toBe('FORBIDDEN');
    const first = await shops(callers.anonymous()).registerStaff(shop.staffCode, registrant(50));
    const again = await shops(callers.anonymous()).registerStaff(shop.staffCode, registrant(50));
    await shops(callers.anonymous()).registerStaff(shop.staffCode, registrant(51));
    expect(again).toMatchObject({
      registrationId: first.registrationId,
      created: false,
      registeredWith: '好邻居便利店',
    });
    expect(
      await codeOf(shops(callers.anonymous()).registerStaff('ZZZZZZZZZZ', registrant(52))),
    ).toBe('SHOP_NOT_FOUND');
    expect(await codeOf(shops(official).decide(String(shop.id), null, true, 'APPROVE', null))).toBe(
      'FORBIDDEN',
    );
    const operatorCaller = callers.representative(personIdOf(40));
    expect(
      await shops(operatorCaller).decide(String(shop.id), null, true, 'APPROVE', null),
    ).toMatchObject({ decidedCount: 2, pendingCount: 0 });
    expect(
      await codeOf(
        shops(operatorCaller).decide(
          String(shop.id),
          [String(first.registrationId)],
          false,
          'REJECT',
          null,
        ),
      ),
    ).toBe('REGISTRATION_ALREADY_DECIDED');
    const [counts] = await new ShopStore(db).shopCountsByStreets(['310104014']);
    expect(counts!.staffApproved).toBeGreaterThanOrEqual(2);
  });
});
