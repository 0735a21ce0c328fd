import { hubEvent } from '@cityhub/kit';
import { describe, expect, it } from 'vitest';
import { requestFor } from '../src/managers/event-intake.js';

const street = '310104003';
const community = '3101040030001';

describe('what the other departments’ events ask of the street', () => {
  it('each problem event becomes an order request keyed by its event id, on its place', () => {
    const cases = [
      [
        hubEvent(
          'risk.group_rental_flag_raised',
          { streetCode: street, communityCode: community },
          { flagId: 7, dwellingId: 'D1', month: '2020-02' },
        ),
        { category: 'GROUP_RENTAL', priority: 'NORMAL', communityCode: community },
      ],
      [
        hubEvent(
          'sites.screening_case_opened',
          { streetCode: street },
          { caseId: 3, siteId: 'S9', reportDate: '2020-02-10' },
        ),
        { category: 'SCREENING_CASE', priority: 'HIGH', siteId: 'S9' },
      ],
      [
        hubEvent(
          'sites.report_missing',
          { streetCode: street },
          { siteId: 'S9', date: '2020-02-10' },
        ),
        { category: 'SITE_REPORT_MISSING', priority: 'HIGH', siteId: 'S9' },
      ],
      [
        hubEvent(
          'enterprises.early_warning_raised',
          { streetCode: street, creditCode: '91310104MA1FL0000X' },
          { warningId: 2, figure: 'REVENUE', month: '2020-01', changeRatio: -0.42 },
        ),
        { category: 'ENTERPRISE_WARNING', creditCode: '91310104MA1FL0000X' },
      ],
    ] as const;
    for (const [event, expected] of cases)
      expect(requestFor(event), event.type).toMatchObject({
        ...expected,
        source: 'EVENT',
        sourceId: event.id,
        streetCode: street,
      });
  });

  it('asks nothing of a change for the better, of the department’s own events, or without a street', () => {
    const toYellow = hubEvent(
      'risk.level_changed',
      { streetCode: street, communityCode: community },
      {
        communityCode: community,
        from: 'RED',
        to: 'YELLOW',
        score: 45,
        runId: 1,
        date: '2020-02-10',
      },
    );
    const own = hubEvent(
      'dispatch.order_opened',
      { streetCode: street },
      {
        orderId: '1',
        category: 'OTHER',
        priority: 'NORMAL',
        level: 'GRID',
        dueAt: new Date().toISOString(),
      },
    );
    const noStreet = hubEvent('sites.report_missing', {}, { siteId: 'S9', date: '2020-02-10' });
    expect([toYellow, own, noStreet].map(requestFor)).toEqual([null, null, null]);
  });
});
