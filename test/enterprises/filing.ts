import { personIdFor } from '@cityhub/kit';
import { describe, expect, it } from 'vitest';
import { freshEnterprise, registrant } from '../../subgraphs/enterprises/test/fixtures.js';
import { TEST_PERSON_ID_KEY } from '../support/constants.js';
import { countStatements, testCity } from '../support/hub.js';
import {
  db,
  hub,
  ask,
  representativeOf,
  officialOf,
  employee,
  REGISTER,
} from './enterprises-hub.js';

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
});
