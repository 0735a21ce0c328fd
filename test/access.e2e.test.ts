import { createHmac } from 'node:crypto';
import { personIdFor } from '@cityhub/kit';
import type { InProcessHub } from '@cityhub/launcher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PERSON_ID_KEY, TEST_REFERENCE_DATE } from './support/constants.js';
import {
  authHeaders,
  graphql,
  startTestHub,
  subgraphHeaders,
  testCaller,
  testCity,
  testToken,
  type GraphQLResponse,
} from './support/hub.js';

let hub: InProcessHub;
beforeAll(async () => {
  hub = await startTestHub(undefined, {
    limits: { anonymousRequestsPerMinute: 40, maxAliases: 60 },
    corsOrigins: ['http://localhost:4000'],
  });
});
afterAll(async () => hub?.stop());

const city = testCity();
const someone = city.person(7);
const PERSON_QUERY =
  'query ($id: String!) { person(idNumber: $id) { idNumber name phone birthDate healthCode { color } } }';
const codeOf = (response: { errors?: Array<{ extensions?: Record<string, unknown> }> }) =>
  response.errors?.[0]?.extensions?.code;

function unsignedToken(header: object, payload: object, secret?: string): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const body = `${encode(header)}.${encode(payload)}`;
  return `${body}.${secret ? createHmac('sha256', secret).update(body).digest('base64url') : ''}`;
}

describe('callers the gateway refuses', () => {
  it('asks for a login when there is no token (geography stays public)', async () => {
    const response = await graphql(hub.gateway.url, PERSON_QUERY, { id: someone.idNumber }, {});
    expect(response.data?.person).toBeNull();
    expect(codeOf(response)).toBe('UNAUTHENTICATED');
    const geography = await graphql(
      hub.gateway.url,
      '{ district(code: "310104") { name streets { code } } }',
      undefined,
      {},
    );
    expect(geography.errors).toBeUndefined();
    expect(geography.data!.district.streets).toHaveLength(13);
  });

  it('refuses an expired token, a forged signature and alg "none" with HTTP 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      sub: 'x',
      roles: ['admin'],
      iss: 'city-data-hub',
      aud: 'city-data-hub',
      iat: now - 7200,
      exp: now - 3600,
    };
    const expired = unsignedToken(
      { alg: 'HS256', typ: 'JWT' },
      claims,
      'city-data-hub-test-jwt-secret',
    );
    const forged = unsignedToken(
      { alg: 'HS256', typ: 'JWT' },
      { ...claims, exp: now + 3600 },
      'not-the-hub-secret-at-all',
    );
    const none = unsignedToken({ alg: 'none', typ: 'JWT' }, { ...claims, exp: now + 3600 });
    for (const [token, message] of [
      [expired, 'The token has expired.'],
      [forged, 'The token is not valid.'],
      [none, 'The token is not valid.'],
    ] as const) {
      const response = await graphql(
        hub.gateway.url,
        PERSON_QUERY,
        { id: someone.idNumber },
        { authorization: `Bearer ${token}` },
      );
      expect(response.status).toBe(401);
      expect(response.errors![0]).toMatchObject({
        message,
        extensions: { code: 'UNAUTHENTICATED' },
      });
      expect(response.data ?? null).toBeNull();
    }
  });

  it('stops accepting a token the moment it expires, although verified tokens are remembered', async () => {
    const token = await testToken({ expiresIn: '2s' });
    const query = '{ districts { code } }';
    expect(
      (await graphql(hub.gateway.url, query, undefined, { authorization: `Bearer ${token}` }))
        .status,
    ).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 3_100));
    const late = await graphql(hub.gateway.url, query, undefined, {
      authorization: `Bearer ${token}`,
    });
    expect(late.status).toBe(401);
    expect(late.errors![0]!.message).toBe('The token has expired.');
  });

  it('refuses an unknown API key', async () => {
    const response = await graphql(hub.gateway.url, '{ districts { code } }', undefined, {
      'x-api-key': 'chk_abcdefghijkl_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    });
    expect(response.status).toBe(401);
  });
});

describe('scopes, through every path', () => {
  it('keeps a viewer (aggregates only) out of personal records via aliases and fragments', async () => {
    const viewer = await authHeaders({ roles: ['viewer'] });
    const response = await graphql(
      hub.gateway.url,
      'query ($id: String!) { a: person(idNumber: $id) { name } ...F } fragment F on Query { b: person(idNumber: $id) { idNumber } district(code: "310104") { residentCount } }',
      { id: someone.idNumber },
      viewer,
    );
    expect(response.data).toMatchObject({
      a: null,
      b: null,
      district: { residentCount: city.residentCount },
    });
    expect(response.errors!.map((error) => error.extensions!.code)).toEqual([
      'FORBIDDEN',
      'FORBIDDEN',
    ]);
  });

  it('keeps the same caller out through _entities when calling the subgraph with its identity', async () => {
    const viewer = testCaller({ roles: ['viewer'], scopes: [] });
    const query =
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Person { name idNumber } } }';
    const variables = {
      r: [{ __typename: 'Person', id: personIdFor(someone.idNumber, TEST_PERSON_ID_KEY) }],
    };
    const response = await graphql(
      hub.subgraphs.get('population')!.url,
      query,
      variables,
      await subgraphHeaders('population', JSON.stringify({ query, variables }), viewer),
    );
    expect(JSON.stringify(response.data)).not.toContain(someone.name);
    expect(codeOf(response)).toBe('FORBIDDEN');
  });

  it('limits a street official to the residents of their streets', async () => {
    const otherStreet = Array.from({ length: 100 }, (_, i) => city.person(i)).find(
      (p) => p.streetCode !== '310104003',
    )!;
    const official = await authHeaders({ roles: ['street-official'], streets: ['310104003'] });
    const hidden = await graphql(
      hub.gateway.url,
      PERSON_QUERY,
      { id: otherStreet.idNumber },
      official,
    );
    expect(hidden.data!.person).toBeNull();
    const refused = await graphql(
      hub.gateway.url,
      `{ keyRegionArrivals(from: "2020-01-01", to: "2020-12-31", streetCode: "${otherStreet.streetCode}") { totalCount } }`,
      undefined,
      official,
    );
    expect(codeOf(refused)).toBe('FORBIDDEN');
  });

  it('refuses a street-local token that names no street', async () => {
    const response = await graphql(
      hub.gateway.url,
      '{ districts { code } }',
      undefined,
      await authHeaders({ roles: ['street-official'] }),
    );
    expect(response.status).toBe(401);
  });
});

describe('personal data', () => {
  it('are masked or withheld without a stated purpose, raw with one', async () => {
    const official = { roles: ['district-official'] };
    const masked = await graphql(
      hub.gateway.url,
      PERSON_QUERY,
      { id: someone.idNumber },
      await authHeaders(official, null),
    );
    expect(masked.data!.person).toMatchObject({
      idNumber: `${someone.idNumber.slice(0, 6)}********${someone.idNumber.slice(-4)}`,
      name: `${[...someone.name][0]}${'*'.repeat([...someone.name].length - 1)}`,
      phone: `${someone.phone.slice(0, 3)}****${someone.phone.slice(-4)}`,
      birthDate: null,
      healthCode: null,
    });
    const raw = await graphql(
      hub.gateway.url,
      PERSON_QUERY,
      { id: someone.idNumber },
      await authHeaders(official, 'epidemic-tracing'),
    );
    expect(raw.data!.person).toMatchObject({
      idNumber: someone.idNumber,
      name: someone.name,
      phone: someone.phone,
      birthDate: someone.birthDate,
      healthCode: { color: someone.healthCode },
    });
  });

  it('small counts of people are withheld from callers without personal-data rights', async () => {
    const query =
      '{ street(code: "310104003") { communities(first: 100) { edges { node { residentCount healthCodeCounts { red yellow } } } } } }';
    const viewer = await graphql(
      hub.gateway.url,
      query,
      undefined,
      await authHeaders({ roles: ['viewer'] }),
    );
    const official = await graphql(
      hub.gateway.url,
      query,
      undefined,
      await authHeaders({ roles: ['district-official'] }, 'resident-services'),
    );
    const counts = (response: typeof viewer) =>
      response.data!.street.communities.edges.map(
        (edge: {
          node: { residentCount: number | null; healthCodeCounts: { red: number | null } };
        }) => edge.node,
      );
    const seen = counts(viewer);
    const truth = counts(official);
    expect(
      truth.some(
        (node: { residentCount: number }) => node.residentCount > 0 && node.residentCount < 5,
      ),
    ).toBe(true);
    // The hub's disclosure rule: null below 5 (zero included), otherwise the nearest multiple of 5.
    seen.forEach((node: { residentCount: number | null }, i: number) => {
      const actual = truth[i].residentCount as number;
      expect(node.residentCount).toBe(actual < 5 ? null : Math.round(actual / 5) * 5);
    });
  });

  it("a site report's workers by origin are withheld below the threshold too, since a region and a site can single a worker out", async () => {
    const query = `query ($date: Date!) { district(code: "310104") { streets { sites(kind: CONSTRUCTION, first: 40) { edges { node { report(date: $date) { origins { originCode workers } } } } } } } }`;
    const originsOf = (response: GraphQLResponse) =>
      (
        response.data!.district.streets as Array<{
          sites: {
            edges: Array<{
              node: { report: { origins: Array<{ workers: number | null }> } | null };
            }>;
          };
        }>
      ).flatMap((street) => street.sites.edges.flatMap((edge) => edge.node.report?.origins ?? []));
    const supervisorScreen = await graphql(
      hub.gateway.url,
      query,
      { date: TEST_REFERENCE_DATE },
      await authHeaders({ roles: ['viewer'], scopes: ['sites:read'] }),
    );
    const official = await graphql(
      hub.gateway.url,
      query,
      { date: TEST_REFERENCE_DATE },
      await authHeaders({ roles: ['district-official'] }, 'site-inspection'),
    );
    expect(supervisorScreen.errors).toBeUndefined();
    const truth = originsOf(official);
    expect(truth.some((origin) => origin.workers! > 0 && origin.workers! < 5)).toBe(true);
    expect(originsOf(supervisorScreen).map((origin) => origin.workers)).toEqual(
      truth.map(({ workers }) => (workers! < 5 ? null : workers)),
    );
  });

  it("reading 50 residents' ID numbers with scope and purpose writes exactly 50 audit records before answering; without the scope, 50 masked ones", async () => {
    const people = Array.from({ length: 50 }, (_, i) => city.person(100 + i));
    const operation = `AuditCheck${Date.now()}`;
    const query = `query ${operation} { ${people.map((p, i) => `p${i}: person(idNumber: "${p.idNumber}") { idNumber }`).join(' ')} }`;
    const withRights = await graphql(
      hub.gateway.url,
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
      hub.gateway.url,
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
    }> = (await graphql(hub.gateway.url, logQuery, { caller: 'auditor-test-reader' }, auditor))
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
      await graphql(hub.gateway.url, logQuery, { caller: 'auditor-test-viewer' }, auditor)
    ).data!.personalDataReads.edges;
    expect(maskedRecords).toHaveLength(50);
    expect(
      maskedRecords.every((r: { node: { access: string } }) => r.node.access === 'MASKED'),
    ).toBe(true);
  });

  it("lets a resident see who read their data, and nobody else's", async () => {
    const personId = personIdFor(city.person(101).idNumber, TEST_PERSON_ID_KEY);
    const mine = await graphql(
      hub.gateway.url,
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
      hub.gateway.url,
      '{ personalDataReads { edges { node { id } } } }',
      undefined,
      await authHeaders({ roles: ['district-official'] }),
    );
    expect(codeOf(notAuditor)).toBe('FORBIDDEN');
  });
});

describe('attacks on the subgraphs and the gateway', () => {
  it('a subgraph refuses a request that did not come through the gateway, or a forged identity', async () => {
    const url = hub.subgraphs.get('population')!.url;
    const direct = await graphql(url, '{ districts { code } }', undefined, {});
    expect(direct.status).toBe(401);
    const forgedHeader = `${Buffer.from(JSON.stringify({ caller: testCaller(), operation: null, issuedAt: Date.now() })).toString('base64url')}.AAAA`;
    const forged = await graphql(url, '{ districts { code } }', undefined, {
      'x-hub-identity': forgedHeader,
    });
    expect(forged.status).toBe(401);
    expect(forged.data ?? null).toBeNull();
  });

  it('refuses an alias bomb, a deeply nested query and a huge document, and stays up', async () => {
    const headers = await authHeaders();
    const aliases = await graphql(
      hub.gateway.url,
      `{ ${Array.from({ length: 200 }, (_, i) => `a${i}: districts { code }`).join(' ')} }`,
      undefined,
      headers,
    );
    expect(aliases.status).toBe(400);
    expect(codeOf(aliases)).toBe('GRAPHQL_VALIDATION_FAILED');
    const nested = `{ district(code: "310104") ${'{ streets { district '.repeat(10)}{ code }${' } }'.repeat(10)} }`;
    const deep = await graphql(hub.gateway.url, nested, undefined, headers);
    expect(deep.status).toBe(400);
    const huge = await fetch(hub.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: `{ districts { code } } # ${'x'.repeat(200_000)}` }),
    });
    expect(huge.status).toBe(413);
    const alive = await graphql(hub.gateway.url, '{ districts { code } }', undefined, headers);
    expect(alive.data!.districts).toHaveLength(1);
  });

  it('answers a flood beyond the rate limit with HTTP 429 and Retry-After', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 60; i++) {
      const response = await fetch(hub.gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"query":"{ keyRegions { prefix } }"}',
      });
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers.get('retry-after');
      await response.arrayBuffer();
    }
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(15);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    const token = await testToken();
    const stillServed = await graphql(hub.gateway.url, '{ districts { code } }', undefined, {
      authorization: `Bearer ${token}`,
    });
    expect(stillServed.status).toBe(200);
  });

  it('lets a registered-operations-only key run its registered operations and nothing else', async () => {
    const registered =
      'query Gate($id: String!) { person(idNumber: $id) { healthCode { color } } }';
    const { key, secret } = await hub.gateway.apiKeys!.create({
      name: 'health-code app',
      department: 'big-data-centre',
      scopes: ['population:read', 'pii:read'],
      registeredOperationsOnly: true,
      requestsPerMinute: 100_000,
    });
    await hub.gateway.trustedDocuments!.register(key.application, [registered]);
    const headers = { 'x-api-key': secret, 'x-purpose': 'health-code-check' };
    const ok = await graphql(hub.gateway.url, registered, { id: someone.idNumber }, headers);
    expect(ok.data!.person.healthCode.color).toBe(someone.healthCode);
    const other = await graphql(
      hub.gateway.url,
      '{ person(idNumber: "11010519491231002X") { name } }',
      undefined,
      headers,
    );
    expect(other.status).toBe(403);
    expect(codeOf(other)).toBe('OPERATION_NOT_REGISTERED');
  });

  it('answers CORS preflights only for allowed origins', async () => {
    const preflight = (origin: string) =>
      fetch(hub.gateway.url, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
    const allowed = await preflight('http://localhost:4000');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:4000');
    expect((await preflight('https://evil.example')).status).toBe(403);
  });
});
