import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { freshEnterprise, personIdOf } from '../../../subgraphs/enterprises/test/fixtures.js';
import { authHeaders } from '../../support/hub.js';
import { enterprises, risk, city, codeOf, ask } from './rows-hub.js';

describe("shops and firms' figures", () => {
  it("a street official cannot list another street's shops", async () => {
    const official = await authHeaders({ roles: ['street-official'], streets: ['310104003'] });
    const response = await ask(
      '{ street(code: "310104011") { shops(first: 5) { totalCount edges { node { name } } } } }',
      undefined,
      official,
    );
    expect(codeOf(response)).toBe('FORBIDDEN');
  });

  it("a legal representative does not collect other shops' staff codes", async () => {
    const staffCode = `Q${randomBytes(4).toString('hex').toUpperCase()}`.slice(0, 8);
    const [{ id }] = await enterprises('shops')
      .insert({
        name: '攻击测试小店',
        street_code: '310104011',
        address: '上海市徐汇区测试路3号',
        operator_person_id: personIdOf(21),
        credit_code: null,
        staff_code: staffCode,
        registered_at: new Date(),
      })
      .returning('id');
    const query = 'query ($id: ID!) { shop(id: $id) { name staffCode } }';
    const representative = await authHeaders(
      { roles: ['legal-representative'], personId: personIdOf(7) },
      null,
    );
    const stranger = await ask(query, { id: String(id) }, representative);
    expect(JSON.stringify(stranger.data)).not.toContain(staffCode);
    expect(codeOf(stranger)).toBe('FORBIDDEN');
    const operator = await authHeaders(
      { roles: ['legal-representative'], personId: personIdOf(21) },
      null,
    );
    expect((await ask(query, { id: String(id) }, operator)).data!.shop.staffCode).toBe(staffCode);
  });

  it("a legal representative reads its own firm's revenue and profit, not another's", async () => {
    const own = await freshEnterprise(enterprises, {}, 31);
    const other = await freshEnterprise(enterprises, {}, 32);
    const representative = await authHeaders(
      { roles: ['legal-representative'], personId: own.legalRepPersonId },
      null,
    );
    const query =
      'query ($c: String!) { enterprise(creditCode: $c) { name indicators { revenue operatingProfit } } }';
    const theirs = await ask(query, { c: other.creditCode }, representative);
    expect(codeOf(theirs)).toBe('FORBIDDEN');
    const mine = await ask(query, { c: own.creditCode }, representative);
    expect(mine.errors).toBeUndefined();
    const streetWide = await ask(
      '{ street(code: "310104011") { enterpriseWarnings(first: 5) { totalCount } } }',
      undefined,
      representative,
    );
    expect(codeOf(streetWide)).toBe('FORBIDDEN');
  });
});

describe('risk findings and case reports', () => {
  it('reviewing a group-rental flag is a write: risk:read alone is refused', async () => {
    const reader = await authHeaders({ roles: ['health-commission'] });
    const response = await ask(
      'mutation { reviewGroupRentalFlag(id: "1", outcome: FALSE_ALARM) { id } }',
      undefined,
      reader,
    );
    expect(codeOf(response)).toBe('FORBIDDEN');
    expect(JSON.stringify(response.errors)).toContain('risk:review');
  });

  it("a case report's kind and dates are health data: withheld without personal-data rights", async () => {
    const recordId = `attack-${randomBytes(4).toString('hex')}`;
    await risk('case_reports').insert({
      record_id: recordId,
      person_id: personIdOf(41),
      kind: 'CONFIRMED',
      reported_on: '2020-02-08',
      ends_on: null,
      community_code: city.person(41).communityCode,
      street_code: city.person(41).streetCode,
    });
    const query = `{ caseReports(from: "2020-02-08", to: "2020-02-08", first: 500) { edges { node { recordId kind reportedOn } } } }`;
    const noPurpose = await ask(
      query,
      undefined,
      await authHeaders({ roles: ['district-official'] }, null),
    );
    const node = noPurpose.data!.caseReports.edges.find(
      (edge: { node: { recordId: string } }) => edge.node.recordId === recordId,
    ).node;
    expect(node).toMatchObject({ kind: null, reportedOn: null });
    expect(codeOf(noPurpose)).toBe('FORBIDDEN');
    const byKind = await ask(
      '{ caseReports(from: "2020-02-08", to: "2020-02-08", kind: CONFIRMED) { totalCount } }',
      undefined,
      await authHeaders({ roles: ['district-official'] }, null),
    );
    expect(codeOf(byKind)).toBe('FORBIDDEN');
    const withPurpose = await ask(
      query,
      undefined,
      await authHeaders({ roles: ['district-official'] }),
    );
    expect(
      withPurpose.data!.caseReports.edges.find(
        (edge: { node: { recordId: string } }) => edge.node.recordId === recordId,
      ).node,
    ).toMatchObject({ kind: 'CONFIRMED', reportedOn: '2020-02-08' });
  });
});
