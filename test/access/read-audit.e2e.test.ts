import { personIdFor } from '@cityhub/kit';
import { describe, expect, it } from 'vitest';
import { ACCESS_HUB_SETTINGS, city } from '../support/access.js';
import { codeOf } from '../support/answers.js';
import { TEST_PERSON_ID_KEY } from '../support/constants.js';
import { authHeaders, graphql, useTestHubWith } from '../support/hub.js';

/** Every read of personal data is on the record before the answer leaves, and its subject may see it. */
const hub = useTestHubWith(ACCESS_HUB_SETTINGS);

describe('personal data reads', () => {
  it("reading 50 residents' ID numbers with scope and purpose writes exactly 50 audit records before answering; without the scope, 50 masked ones", async () => {
    const people = Array.from({ length: 50 }, (_, i) => city.person(100 + i));
    const operation = `AuditCheck${Date.now()}`;
    const query = `query ${operation} { ${people.map((p, i) => `p${i}: person(idNumber: "${p.idNumber}") { idNumber }`).join(' ')} }`;
    const withRights = await graphql(
      hub().gateway.url,
      query,
      undefined,
      await authHeaders(
        { roles: ['district-official'], subject: 'auditor-test-reader' },
        'epidemic-tracing',
      ),
    );
    expect(withRights.errors).toBeUndefined();
    expect(
      Object.values(withRights.data!).map((p) => (p as { idNumber: string }).idNumber),
    ).toEqual(people.map((p) => p.idNumber));
    const masked = await graphql(
      hub().gateway.url,
      query.replace(operation, `${operation}Masked`),
      undefined,
      await authHeaders(
        { roles: ['viewer'], scopes: ['population:read'], subject: 'auditor-test-viewer' },
        'epidemic-tracing',
      ),
    );
    expect(
      Object.values(masked.data!).every((p) =>
        (p as { idNumber: string }).idNumber.includes('********'),
      ),
    ).toBe(true);

    const auditor = await authHeaders({ roles: ['auditor'] });
    const logQuery =
      'query ($caller: String!) { personalDataReads(filter: { callerId: $caller }, first: 500) { edges { node { operation purpose fields access documentSha256 person { id } } } } }';
    // The records were committed before the answers left: no waiting.
    const records: Array<{
      node: {
        operation: string;
        purpose: string;
        fields: string[];
        access: string;
        documentSha256: string;
        person: { id: string };
      };
    }> = (await graphql(hub().gateway.url, logQuery, { caller: 'auditor-test-reader' }, auditor))
      .data!.personalDataReads.edges;
    expect(records).toHaveLength(50);
    expect(new Set(records.map((r) => r.node.person.id))).toEqual(
      new Set(people.map((p) => personIdFor(p.idNumber, TEST_PERSON_ID_KEY))),
    );
    expect(
      records.every(
        (r) =>
          r.node.operation === operation &&
          r.node.purpose === 'epidemic-tracing' &&
          r.node.access === 'UNMASKED' &&
          /^[0-9a-f]{64}$/.test(r.node.documentSha256) &&
          r.node.fields.join() === 'Person.idNumber,Query.person',
      ),
    ).toBe(true);
    // Without pii:read the ID numbers came back masked: each lookup is still recorded, as masked.
    const maskedRecords = (
      await graphql(hub().gateway.url, logQuery, { caller: 'auditor-test-viewer' }, auditor)
    ).data!.personalDataReads.edges;
    expect(maskedRecords).toHaveLength(50);
    expect(
      maskedRecords.every((r: { node: { access: string } }) => r.node.access === 'MASKED'),
    ).toBe(true);
  });

  it("lets a resident see who read their data, and nobody else's", async () => {
    const personId = personIdFor(city.person(101).idNumber, TEST_PERSON_ID_KEY);
    const mine = await graphql(
      hub().gateway.url,
      '{ myPersonalDataReads { edges { node { person { id } callerId } } } }',
      undefined,
      await authHeaders({ roles: [], personId, subject: 'resident' }),
    );
    expect(mine.errors).toBeUndefined();
    expect(
      mine.data!.myPersonalDataReads.edges.every(
        (edge: { node: { person: { id: string } } }) => edge.node.person.id === personId,
      ),
    ).toBe(true);
    const notAuditor = await graphql(
      hub().gateway.url,
      '{ personalDataReads { edges { node { id } } } }',
      undefined,
      await authHeaders({ roles: ['district-official'] }),
    );
    expect(codeOf(notAuditor)).toBe('FORBIDDEN');
  });
});
