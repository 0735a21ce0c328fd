import net from 'node:net';
import { startGateway, type RunningGateway } from '@cityhub/gateway';
import { createLogger, startSubgraph, type RunningSubgraph } from '@cityhub/kit';
import { subgraph as population } from '@cityhub/population';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublicKey } from 'node:crypto';
import { TEST_JWT_SECRET } from '../../support/constants.js';
import { graphql, knowSubgraph, testKey } from '../../support/hub.js';
import { hub, headers, someone, getJson, takeDown } from './containment-hub.js';

describe('one department down', () => {
  it("nulls that department's fields only, each error with its path", async () => {
    const bringBack = await takeDown('sites');
    try {
      const response = await graphql(
        hub.gateway.url,
        `
          query ($id: String!) {
            person(idNumber: $id) {
              name
              siteAssignments {
                site {
                  id
                }
              }
            }
            sites(first: 1) {
              totalCount
            }
            districts {
              code
            }
          }
        `,
        { id: someone.idNumber },
        headers,
      );
      expect(response.data).not.toBeNull();
      expect(response.data!.person.name).toBe(someone.name);
      expect(response.data!.person.siteAssignments).toBeNull();
      expect(response.data!.sites).toBeNull();
      expect(response.data!.districts.length).toBeGreaterThan(0);
      expect(response.errors!.length).toBeGreaterThan(0);
      for (const error of response.errors!) {
        expect(error.extensions?.code).toBe('SUBGRAPH_UNAVAILABLE');
        expect(error.path, JSON.stringify(error)).toBeDefined();
      }
      expect(response.errors!.map((error) => error.path)).toEqual(
        expect.arrayContaining([['sites'], ['person', 'siteAssignments']]),
      );

      const ready = await getJson(new URL('/health/ready', hub.gateway.url).toString());
      expect(ready.status).toBe(503);
      expect(ready.body.checks.subgraphs.sites.status).toBe('unavailable');
      expect(ready.body.checks.subgraphs.population.status).toBe('ok');
      expect((await getJson(new URL('/health', hub.gateway.url).toString())).status).toBe(503);
      expect((await getJson(new URL('/health/live', hub.gateway.url).toString())).status).toBe(200);
    } finally {
      await bringBack();
    }
    const ready = await getJson(new URL('/health/ready', hub.gateway.url).toString());
    expect(ready.status).toBe(200);
    expect(ready.body.checks.database).toBe('ok');
  });
});

describe('a hung department', () => {
  let hung: net.Server;
  let gateway: RunningGateway;
  const sockets = new Set<net.Socket>();
  beforeAll(async () => {
    // Accepts connections and never answers, as a SIGSTOPped process does.
    hung = net.createServer((socket) => void sockets.add(socket));
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    const port = (hung.address() as net.AddressInfo).port;
    gateway = await startGateway({
      supergraph: hub.supergraphSdl,
      subgraphUrls: new Map([['sites', `http://127.0.0.1:${port}/graphql`]]),
      port: 0,
      host: '127.0.0.1',
      logger: createLogger('hung-test', 'silent'),
      subgraphTimeoutMs: 300,
      jwtSecret: TEST_JWT_SECRET,
      identityPrivateKey: testKey('gateway'),
    });
  });
  afterAll(async () => {
    await gateway?.stop();
    for (const socket of sockets) socket.destroy();
    hung?.close();
  });
  it('is found hung by the liveness probe before anyone asks it anything', async () => {
    for (let i = 0; i < 100; i += 1) {
      const ready = await getJson(new URL('/health/ready', gateway.url).toString());
      if (ready.body.checks.subgraphs.sites.circuit === 'open') return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the circuit of the hung subgraph never opened');
  });

  it('fails its fields at once once its circuit is open, and the rest answers', async () => {
    const reasons: unknown[] = [];
    for (let i = 0; i < 5; i += 1) {
      const response = await graphql(
        gateway.url,
        '{ districts { code } sites(first: 1) { totalCount } }',
        undefined,
        headers,
      );
      expect(response.data!.districts.length).toBeGreaterThan(0);
      expect(response.data!.sites).toBeNull();
      expect(response.errors![0]).toMatchObject({
        path: ['sites'],
        extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'sites' },
      });
      reasons.push(response.errors![0]!.extensions!.reason);
    }
    expect(reasons).toEqual(Array(5).fill('circuit open'));
    const ready = await getJson(new URL('/health/ready', gateway.url).toString());
    expect(ready.status).toBe(503);
    expect(ready.body.checks.subgraphs.sites).toEqual({ status: 'unavailable', circuit: 'open' });
  });
});

describe('a database outage', () => {
  let running: RunningSubgraph;
  beforeAll(async () => {
    // Nothing listens on port 9 of the loopback: every connection is refused, as when PostgreSQL is down.
    running = await startSubgraph(population, {
      databaseUrl: 'postgres://postgres@127.0.0.1:9/nowhere',
      port: 0,
      logger: createLogger('outage-test', 'silent'),
      personIdKey: 'outage-test-person-key',
      migrate: false,
      identityPublicKeys: [createPublicKey(testKey('gateway'))],
      auditDatabaseUrl: 'postgres://postgres@127.0.0.1:9/nowhere',
    });
    knowSubgraph(running);
  });
  afterAll(async () => running?.stop());
  it('is SERVICE_UNAVAILABLE, not an internal error, and readiness says so', async () => {
    const response = await graphql(running.url, '{ districts { code } }');
    expect(response.errors![0]).toMatchObject({
      path: ['districts'],
      extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: 'population' },
    });
    const ready = await getJson(new URL('/health/ready', running.url).toString());
    expect(ready.status).toBe(503);
    expect(ready.body.checks).toEqual({ database: 'unavailable', audit: 'unavailable' });
    expect((await getJson(new URL('/health/live', running.url).toString())).status).toBe(200);
  });
});
