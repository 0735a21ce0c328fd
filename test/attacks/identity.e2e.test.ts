import { createHmac } from 'node:crypto';
import type http from 'node:http';
import {
  IDENTITY_HEADER,
  SERVICE_IDENTITIES,
  derivedIdentityKey,
  mintServiceToken,
  personIdFor,
} from '@cityhub/kit';
import { describe, expect, it } from 'vitest';
import { TEST_JWT_SECRET, TEST_PERSON_ID_KEY } from '../support/constants.js';
import { testDatabase } from '../support/database.js';
import {
  authHeaders,
  graphql,
  useTestHub,
  subgraphHeaders,
  testCaller,
  testCity,
  testKey,
} from '../support/hub.js';

/**
 * Attacks on the hop between the gateway and the departments: a department (or anyone who reads
 * its environment) signing an identity, a header captured on the wire and replayed with another
 * query or at another department, and machine callers acting with more than their own rights.
 */
const audit = testDatabase('audit');
const hub = useTestHub(audit);

const city = testCity();
const someone = city.person(11);
const ENTITIES =
  'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Person { idNumber healthCode { color } } } }';
const entitiesBody = JSON.stringify({
  query: ENTITIES,
  variables: {
    r: [{ __typename: 'Person', id: personIdFor(someone.idNumber, TEST_PERSON_ID_KEY) }],
  },
});

/** Posts a raw body to a subgraph with the given headers. */
async function post(url: string, body: string, headers: Record<string, string>) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-purpose': 'resident-services', ...headers },
    body,
  });
  return { status: response.status, text: await response.text() };
}

/** Records what the gateway sends to a subgraph while `action` runs: as seen on the plain-HTTP hop. */
async function capture(
  subgraph: string,
  action: () => Promise<unknown>,
): Promise<Array<{ header: string; body: string }>> {
  const server = hub().subgraphs.get(subgraph)!.httpServer;
  const seen: Array<{ header: string; body: string }> = [];
  const listener = (req: http.IncomingMessage) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () =>
      seen.push({
        header: String(req.headers[IDENTITY_HEADER]),
        body: Buffer.concat(chunks).toString('utf8'),
      }),
    );
  };
  server.prependListener('request', listener);
  try {
    await action();
  } finally {
    server.off('request', listener);
  }
  return seen;
}

describe('the identity header between gateway and subgraphs', () => {
  it('a captured header cannot be replayed with another query (ID numbers and health codes by _entities)', async () => {
    const official = await authHeaders({ roles: ['viewer'] }, null);
    const [sent] = await capture('population', () =>
      graphql(hub().gateway.url, '{ districts { code } }', undefined, official),
    );
    expect(sent?.header).toBeTruthy();
    const population = hub().subgraphs.get('population')!.url;
    const replayed = await post(population, entitiesBody, { [IDENTITY_HEADER]: sent!.header });
    expect(replayed.status).toBe(401);
    expect(replayed.text).not.toContain(someone.idNumber);
  });

  it('a captured header is good once: the same request replayed is refused', async () => {
    const [sent] = await capture('population', () =>
      graphql(hub().gateway.url, '{ districts { code } }', undefined, {}),
    );
    const population = hub().subgraphs.get('population')!.url;
    // The gateway's own request used it; a second delivery of the very same bytes is a replay.
    const replayed = await post(population, sent!.body, { [IDENTITY_HEADER]: sent!.header });
    expect(replayed.status).toBe(401);
  });

  it('a header signed for one department is refused by another', async () => {
    const body = JSON.stringify({ query: '{ __typename }' });
    const forPopulation = await subgraphHeaders('population', body);
    const enterprises = hub().subgraphs.get('enterprises')!.url;
    expect((await post(enterprises, body, forPopulation)).status).toBe(401);
    // The same kind of request, signed for enterprises, goes through: the audience decides.
    expect((await post(enterprises, body, await subgraphHeaders('enterprises', body))).status).toBe(
      200,
    );
  });

  it('a department cannot sign an identity: its own key, or the old shared secret, is refused', async () => {
    const admin = testCaller();
    const population = hub().subgraphs.get('population')!.url;
    const departmentKey = derivedIdentityKey('a department reading its own environment');
    const forged = await subgraphHeaders('population', entitiesBody, admin, departmentKey);
    expect((await post(population, entitiesBody, forged)).status).toBe(401);
    // The former scheme: HMAC over the payload with a secret every subgraph held.
    const payload = Buffer.from(
      JSON.stringify({ caller: admin, operation: null, issuedAt: Date.now() }),
    ).toString('base64url');
    const hmac = `${payload}.${createHmac('sha256', 'city-data-hub-test-internal-secret').update(payload).digest('base64url')}`;
    expect((await post(population, entitiesBody, { [IDENTITY_HEADER]: hmac })).status).toBe(401);
  });

  it('a header signed by the gateway still reaches the data: the refusals above are not blanket', async () => {
    const population = hub().subgraphs.get('population')!.url;
    const answer = await post(
      population,
      entitiesBody,
      await subgraphHeaders('population', entitiesBody),
    );
    expect(answer.status).toBe(200);
    expect(answer.text).toContain(someone.idNumber);
  });
});

describe('machine callers', () => {
  it('the risk run signs in as service risk-run with its narrow scopes, and is audited as itself', async () => {
    const token = await mintServiceToken('risk-run', testKey('risk-run'));
    const headers = { authorization: `Bearer ${token}`, 'x-purpose': 'risk-model-run' };
    const since = new Date();
    const read = await graphql(
      hub().gateway.url,
      'query ($id: String!) { person(idNumber: $id) { name } }',
      { id: someone.idNumber },
      headers,
    );
    expect(read.data!.person.name).toBe(someone.name);
    // Audit records are written in batches: wait for this one.
    let records: unknown[] = [];
    for (let attempt = 0; attempt < 50 && records.length === 0; attempt++) {
      records = await audit('personal_data_reads')
        .where('read_at', '>=', since)
        .andWhere('caller_id', 'service:risk-run');
      if (records.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(records.length).toBeGreaterThan(0);
    // Not a district official: no starting runs, no review, no audit log, no filings.
    const run = await graphql(
      hub().gateway.url,
      'mutation { startRiskRun(date: "2020-02-09") { id } }',
      undefined,
      headers,
    );
    expect(run.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect(SERVICE_IDENTITIES['risk-run']!.scopes).not.toContain('risk:run');
  });

  it('a service token signed with another key, or a token naming a service, gets nothing', async () => {
    const stranger = await mintServiceToken('risk-run', derivedIdentityKey('not the risk run'));
    const refused = await graphql(hub().gateway.url, '{ districts { code } }', undefined, {
      authorization: `Bearer ${stranger}`,
    });
    expect(refused.status).toBe(401);
  });

  it('refuses a user token without an expiry', async () => {
    const { SignJWT } = await import('jose');
    const forever = await new SignJWT({ dept: 'x', roles: ['district-official'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('forever')
      .setIssuer('city-data-hub')
      .setAudience('city-data-hub')
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));
    const response = await graphql(hub().gateway.url, '{ districts { code } }', undefined, {
      authorization: `Bearer ${forever}`,
    });
    expect(response.status).toBe(401);
  });
});
