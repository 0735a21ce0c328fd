import { randomBytes } from 'node:crypto';
import { personIdFor } from '@cityhub/kit';
import { enterpriseAt, enterpriseCount } from '@cityhub/synthetic-city';
import { describe, expect, it } from 'vitest';
import {
  freshCreditCode,
  freshEnterprise,
  registrant,
} from '../subgraphs/enterprises/test/fixtures.js';
import { TEST_PERSON_ID_KEY } from './support/constants.js';
import { testDatabase } from './support/database.js';
import { expectArgumentRefused } from './support/answers.js';
import { authHeaders, countStatements, graphql, useTestHub, testCity } from './support/hub.js';

const db = testDatabase('enterprises');
const hub = useTestHub(db);

const ask = (
  query: string,
  variables?: Record<string, unknown>,
  headers?: Record<string, string>,
) => graphql(hub().gateway.url, query, variables, headers);
/** The legal representative signed in as a resident: acts for the enterprise, sees no personal data unmasked. */
const representativeOf = (personId: string) =>
  authHeaders({ subject: `resident-${personId}`, roles: ['legal-representative'], personId }, null);
const officialOf = (street: string) =>
  authHeaders({ subject: `official-${street}`, roles: ['street-official'], streets: [street] });
/** An employee signed in on their phone as a resident with no department role. */
const employee = (i: number) => authHeaders({ subject: `employee-${i}`, roles: ['viewer'] }, null);
const REGISTER =
  'mutation ($code: String!, $r: RegistrantInput!) { registerForFiling(code: $code, registrant: $r) { registrationId created status registeredWith } }';

describe('work-resumption filing through the gateway, one-to-N', () => {
  it('opens a filing, takes 1,000 concurrent registrations, approves them in one batch, submits and is approved', async () => {
    const enterprise = await freshEnterprise(db, { employeeCount: 1000 });
    const representative = await representativeOf(enterprise.legalRepPersonId);
    const opened = await ask(
      'mutation ($c: String!) { openFiling(creditCode: $c) { code status qrCode(linkBase: "https://hub().example/resume/") { mimeType image encodedText } } }',
      { c: enterprise.creditCode },
      representative,
    );
    expect(opened.errors).toBeUndefined();
    const { code, status, qrCode } = opened.data!.openFiling;
    expect(status).toBe('OPEN');
    expect(qrCode).toMatchObject({
      mimeType: 'image/svg+xml',
      encodedText: `https://hub().example/resume/${code}`,
    });
    expect(qrCode.image).toMatch(/^<svg/);

    const employees = await Promise.all(Array.from({ length: 1000 }, (_, i) => employee(i)));
    const registrations = await Promise.all(
      employees.map((headers, i) => ask(REGISTER, { code, r: registrant(i) }, headers)),
    );
    expect(registrations.filter((response) => response.errors)).toEqual([]);
    const ids = registrations.map(
      (response) => response.data!.registerForFiling.registrationId as string,
    );
    expect(new Set(ids).size).toBe(1000);
    expect(
      registrations.every((response) => response.data!.registerForFiling.created === true),
    ).toBe(true);

    // Registering again, signed in or not, answers the first registration.
    const again = await Promise.all(
      [0, 1, 999].map((i) =>
        ask(REGISTER, { code, r: registrant(i) }, i === 0 ? {} : employees[i]),
      ),
    );
    expect(again.map((response) => response.data!.registerForFiling)).toEqual(
      [0, 1, 999].map((i) => ({
        registrationId: ids[i],
        created: false,
        status: 'PENDING',
        registeredWith: enterprise.name,
      })),
    );
    const counted = await ask(
      'query ($code: String!) { filing(code: $code) { registrationCounts { pending approved total } } }',
      { code },
    );
    expect(counted.data!.filing.registrationCounts).toEqual({
      pending: 1000,
      approved: 0,
      total: 1000,
    });

    const someoneElse = await representativeOf(
      personIdFor(testCity().person(2999).idNumber, TEST_PERSON_ID_KEY),
    );
    // Another firm's representative may look the enterprise up in the registry, but not learn its filing code.
    const current =
      'query ($c: String!) { enterprise(creditCode: $c) { name currentFiling { code } } }';
    const peeking = await ask(current, { c: enterprise.creditCode }, someoneElse);
    expect(peeking.data!.enterprise).toEqual({ name: enterprise.name, currentFiling: null });
    expect(peeking.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(
      (await ask(current, { c: enterprise.creditCode }, representative)).data!.enterprise
        .currentFiling,
    ).toEqual({ code });
    const approve =
      'mutation ($code: String!) { decideRegistrations(filingCode: $code, allPending: true, decision: APPROVE) { decidedCount pendingCount } }';
    const forbidden = await ask(approve, { code }, someoneElse);
    expect(forbidden.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN' });
    const { result: approved, statements } = await countStatements(hub(), () =>
      ask(approve, { code }, representative),
    );
    expect(approved.errors).toBeUndefined();
    expect(approved.data!.decideRegistrations).toEqual({ decidedCount: 1000, pendingCount: 0 });
    // One batch: a handful of statements, not one per registration.
    expect(statements.enterprises).toBeLessThanOrEqual(8);
    const twice = await ask(approve, { code }, representative);
    expect(twice.errors![0]!.extensions).toMatchObject({ code: 'NO_PENDING_REGISTRATIONS' });

    // The representative holds the relationship: it sees its own employees whole (audited), though
    // the role has no pii:read.
    const seen = await ask(
      'query ($code: String!) { filing(code: $code) { registrations(first: 1) { edges { node { name idNumber status } } } } }',
      { code },
      representative,
    );
    expect(seen.errors).toBeUndefined();
    const first = seen.data!.filing.registrations.edges[0].node;
    expect(first.status).toBe('APPROVED');
    expect(first).toMatchObject({ name: registrant(0).name, idNumber: registrant(0).idNumber });

    const submitted = await ask(
      'mutation ($code: String!) { submitFiling(filingCode: $code) { status submittedAt } }',
      { code },
      representative,
    );
    expect(submitted.data!.submitFiling.status).toBe('SUBMITTED');
    const late = await ask(REGISTER, { code, r: registrant(1500) }, employees[0]);
    expect(late.errors![0]!.extensions).toMatchObject({ code: 'FILING_CLOSED' });

    const review =
      'mutation ($code: String!) { reviewFiling(filingCode: $code, decision: APPROVE, reason: "材料齐全") { status reviewReason history { action registrationCount actor { kind person { id } } } } }';
    const otherStreet = await ask(review, { code }, await officialOf('310104003'));
    expect(otherStreet.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN' });
    const official = await officialOf(enterprise.streetCode);
    const reviewed = await ask(review, { code }, official);
    expect(reviewed.errors).toBeUndefined();
    expect(reviewed.data!.reviewFiling).toMatchObject({
      status: 'APPROVED',
      reviewReason: '材料齐全',
    });
    const history = reviewed.data!.reviewFiling.history as Array<{
      action: string;
      registrationCount: number | null;
      actor: { kind: string; person: { id: string } | null };
    }>;
    expect(history.map((event) => event.action)).toEqual([
      'OPENED',
      'REGISTRATIONS_APPROVED',
      'SUBMITTED',
      'APPROVED',
    ]);
    expect(history[1]).toEqual({
      action: 'REGISTRATIONS_APPROVED',
      registrationCount: 1000,
      actor: { kind: 'user', person: { id: enterprise.legalRepPersonId } },
    });
    expect(history[3]!.actor.person).toBeNull();
    const again2 = await ask(
      'mutation ($code: String!) { reviewFiling(filingCode: $code, decision: REJECT, reason: "x") { status } }',
      { code },
      official,
    );
    expect(again2.errors![0]!.extensions).toMatchObject({ code: 'FILING_ALREADY_REVIEWED' });
    expect(
      await db('registrations')
        .join('filings', 'filings.id', 'registrations.filing_id')
        .where('filings.code', code)
        .count({ n: '*' }),
    ).toEqual([{ n: 1000 }]);
  });

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
