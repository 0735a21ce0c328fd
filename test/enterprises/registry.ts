import { randomBytes } from 'node:crypto';
import { personIdFor } from '@cityhub/kit';
import { enterpriseAt, enterpriseCount } from '@cityhub/synthetic-city';
import { describe, expect, it } from 'vitest';
import {
  freshCreditCode,
  freshEnterprise,
  registrant,
} from '../../subgraphs/enterprises/test/fixtures.js';
import { TEST_PERSON_ID_KEY } from '../support/constants.js';
import { expectArgumentRefused } from '../support/answers.js';
import { countStatements, graphql, testCity } from '../support/hub.js';
import { db, hub, ask, officialOf, REGISTER } from './enterprises-hub.js';

describe('work-resumption filing through the gateway, one-to-N', () => {
  it("joins an enterprise with its legal representative's residence community and its filing's registrations in one query", async () => {
    const city = testCity();
    const representativeIndex = 11;
    const enterprise = await freshEnterprise(db, {}, representativeIndex);
    const { data } = await ask(
      'mutation ($c: String!) { openFiling(creditCode: $c) { code } }',
      { c: enterprise.creditCode },
      await officialOf(enterprise.streetCode),
    );
    const code = data!.openFiling.code;
    for (const i of [20, 21]) await ask(REGISTER, { code, r: registrant(i) }, {});
    const joined = await ask(
      `query ($c: String!) { enterprise(creditCode: $c) { name registeredStreet { code name }
         legalRepresentative { name residence { community { code name } } }
         currentFiling { status registrations { totalCount edges { node { name status person { id residence { community { code } } } } } } } } }`,
      { c: enterprise.creditCode },
    );
    expect(joined.errors).toBeUndefined();
    const representative = city.person(representativeIndex);
    expect(joined.data!.enterprise).toMatchObject({
      name: enterprise.name,
      registeredStreet: { code: enterprise.streetCode },
      legalRepresentative: {
        name: representative.name,
        residence: { community: { code: representative.communityCode } },
      },
      currentFiling: { status: 'OPEN', registrations: { totalCount: 2 } },
    });
    const nodes = joined.data!.enterprise.currentFiling.registrations.edges.map(
      (edge: { node: unknown }) => edge.node,
    );
    expect(nodes).toEqual(
      [20, 21].map((i) => ({
        name: city.person(i).name,
        status: 'PENDING',
        person: {
          id: personIdFor(city.person(i).idNumber, TEST_PERSON_ID_KEY),
          residence: { community: { code: city.person(i).communityCode } },
        },
      })),
    );
  });

  it('refuses bad input naming the field, and unknown codes with clear codes', async () => {
    const badCode = await ask('{ enterprise(creditCode: "91310104MA1000000X") { name } }');
    expectArgumentRefused(badCode, 'creditCode');
    const unknown = await ask(`{ enterprise(creditCode: "${freshCreditCode()}") { name } }`);
    expect(unknown.errors).toBeUndefined();
    expect(unknown.data).toEqual({ enterprise: null });
    const badId = await ask(
      REGISTER,
      { code: '0000000000', r: { ...registrant(5), idNumber: '110105194912310021' } },
      {},
    );
    expectArgumentRefused(badId, 'registrant.idNumber');
    const noFiling = await ask(REGISTER, { code: '0000000000', r: registrant(5) }, {});
    expect(noFiling.errors![0]!.extensions).toMatchObject({ code: 'FILING_NOT_FOUND' });
    expect(
      await ask('{ filingInvitation(code: "0000000000") { enterpriseName } }', undefined, {}),
    ).toMatchObject({ data: { filingInvitation: null } });
    const anonymousRows = await ask('{ enterprises(first: 1) { totalCount } }', undefined, {});
    expect(anonymousRows.errors![0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

describe('the registry through the gateway', () => {
  it('lists 200 enterprises with their legal representatives for one SQL statement per subgraph', async () => {
    const prefix = `上海批量${randomBytes(3).toString('hex')}`;
    const rows = Array.from({ length: 200 }, (_, i) => ({
      credit_code: freshCreditCode(),
      name: `${prefix}${String(i).padStart(3, '0')}有限公司`,
      legal_rep_person_id: personIdFor(testCity().person(i).idNumber, TEST_PERSON_ID_KEY),
      industry: 'F',
      street_code: '310104014',
      status: 'OPERATING',
      employee_count: 5,
      registered_on: '2019-01-01',
    }));
    await db('enterprises').insert(rows);
    const { result, statements } = await countStatements(hub(), () =>
      ask(
        'query ($p: String!) { enterprises(namePrefix: $p, first: 200) { edges { node { creditCode legalRepresentative { name } } } } }',
        { p: prefix },
      ),
    );
    expect(result.errors).toBeUndefined();
    const nodes = result.data!.enterprises.edges.map(
      (edge: { node: { creditCode: string; legalRepresentative: { name: string } } }) => edge.node,
    );
    expect(nodes).toHaveLength(200);
    const byCode = new Map(rows.map((row, i) => [row.credit_code, testCity().person(i).name]));
    expect(
      nodes.every(
        (node: { creditCode: string; legalRepresentative: { name: string } }) =>
          byCode.get(node.creditCode) === node.legalRepresentative.name,
      ),
    ).toBe(true);
    expect(statements.enterprises).toBe(1);
    expect(statements.population).toBe(1);
  });

  it('resolves Enterprise references in one statement and never invents an enterprise', async () => {
    const city = testCity();
    const codes = Array.from(
      { length: enterpriseCount(city) },
      (_, i) => enterpriseAt(city, i).creditCode,
    );
    const { result, statements } = await countStatements(hub(), () =>
      graphql(
        hub().subgraphs.get('enterprises')!.url,
        'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise { creditCode name creditFacts { filingsApproved filingsPending warningsLast12Months } } } }',
        {
          r: [...codes, freshCreditCode()].map((creditCode) => ({
            __typename: 'Enterprise',
            creditCode,
          })),
        },
      ),
    );
    expect(result.errors).toBeUndefined();
    const entities = result.data!._entities as Array<{ creditCode: string } | null>;
    expect(entities.slice(0, codes.length).map((entity) => entity!.creditCode)).toEqual(codes);
    expect(entities.at(-1)).toBeNull();
    // The references, the filing counts and the warning counts: one statement each, whatever the number.
    expect(statements.enterprises).toBe(3);
  });

  it('answers a street dashboard of resumption, shops and warnings for the same SQL with 13 streets as with one', async () => {
    const board = (streets: string) =>
      `{ district(code: "310104") { streets { code ${streets} } } }`;
    const fields =
      'enterpriseCounts { total operating } resumption { resumptionRate resumedEnterprises filings { approved open registrationsPending } } shopCounts { shops staffRegistered } enterpriseWarnings(first: 5) { totalCount edges { node { figure changeRatio enterprise { name } } } } enterprises(first: 3) { totalCount edges { node { name } } }';
    const { result, statements } = await countStatements(hub(), () => ask(board(fields)));
    expect(result.errors).toBeUndefined();
    const streets = result.data!.district.streets as Array<{
      code: string;
      enterpriseCounts: { total: number };
      resumption: { resumptionRate: number };
      enterpriseWarnings: { totalCount: number };
    }>;
    // The single street has warnings too, so that both answers need the same kinds of rows.
    const busiest = [...streets].sort(
      (a, b) => b.enterpriseWarnings.totalCount - a.enterpriseWarnings.totalCount,
    )[0]!;
    const one = await countStatements(hub(), () =>
      ask(`{ street(code: "${busiest.code}") { code ${fields} } }`),
    );
    expect(one.result.errors).toBeUndefined();
    expect(streets).toHaveLength(13);
    expect(
      streets.reduce((sum, street) => sum + street.enterpriseCounts.total, 0),
    ).toBeGreaterThanOrEqual(enterpriseCount(testCity()));
    expect(
      streets.every(
        (street) => street.resumption.resumptionRate >= 0 && street.resumption.resumptionRate <= 1,
      ),
    ).toBe(true);
    expect(statements.enterprises).toBe(one.statements.enterprises);
  });
});
