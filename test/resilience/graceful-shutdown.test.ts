import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { publicKeyPem } from '@cityhub/kit';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { testDatabase } from '../support/database.js';
import { TEST_PERSON_ID_KEY } from '../support/constants.js';
import { subgraphHeaders, testCaller, testCity, testKey } from '../support/hub.js';
import { startSubgraphProcess, type ServiceProcess } from './service-process.js';

type Outcome = 'served' | 'refused' | 'reset' | 'failed';

/**
 * One request over keep-alive connections, as the gateway sends them: a connection refused (the
 * service no longer listens) is told apart from one reset with a request on it.
 */
async function readPerson(
  agent: http.Agent,
  url: URL,
  idNumber: string,
  operation: string,
): Promise<Outcome> {
  const body = JSON.stringify({
    query: `query ($id: String!) { person(idNumber: $id) { name } }`,
    variables: { id: idNumber },
  });
  // The run's own caller id finds its audit records.
  const identity = await subgraphHeaders('population', body, testCaller({ id: operation }));
  return new Promise((resolve) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          ...identity,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () => {
          try {
            const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
            resolve(response.statusCode === 200 && parsed.data?.person?.name ? 'served' : 'failed');
          } catch {
            resolve('failed');
          }
        });
        response.on('error', () => resolve('reset'));
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) =>
      resolve(error.code === 'ECONNREFUSED' ? 'refused' : 'reset'),
    );
    request.end(body);
  });
}

describe('SIGTERM to a subgraph under load', () => {
  let service: ServiceProcess | undefined;
  const audit = testDatabase('audit');
  afterAll(async () => {
    service?.child.kill('SIGKILL');
    await audit.destroy();
  });

  it('finishes every request it accepted and audits every unmasked read it served', async () => {
    const databaseUrl = inject('databaseUrl');
    service = await startSubgraphProcess('population', {
      DATABASE_URL: databaseUrl,
      AUDIT_DATABASE_URL: databaseUrl,
      HUB_IDENTITY_PUBLIC_KEYS: publicKeyPem(testKey('gateway')),
      PERSON_ID_KEY: TEST_PERSON_ID_KEY,
    });
    const url = new URL(service.url);
    const operation = `shutdown-test-${randomBytes(4).toString('hex')}`;
    const people = Array.from({ length: 50 }, (_, i) => testCity().person(i).idNumber);
    const outcomes: Outcome[] = [];
    const agent = new http.Agent({ keepAlive: true, maxSockets: 12 });
    let exited = false;
    void service.exited.then(() => (exited = true));
    let stopAt = Number.POSITIVE_INFINITY;
    const worker = async (w: number) => {
      for (let i = 0; Date.now() < stopAt; i += 1) {
        outcomes.push(
          await readPerson(agent, url, people[(w * 7 + i) % people.length]!, operation),
        );
        if (exited) stopAt = Math.min(stopAt, Date.now() + 300);
      }
    };
    const load = Promise.all(Array.from({ length: 12 }, (_, w) => worker(w)));
    // Let the load get going, then stop the service the way an orchestrator would.
    while (outcomes.filter((o) => o === 'served').length < 200)
      await new Promise((r) => setTimeout(r, 20));
    service.child.kill('SIGTERM');
    const code = await service.exited;
    await load;
    agent.destroy();

    const count = (outcome: Outcome) => outcomes.filter((o) => o === outcome).length;
    expect(code, service.log.slice(-5).join('\n')).toBe(0);
    expect(service.log.join('\n')).toMatch(/shut down/);
    expect(count('reset')).toBe(0);
    expect(count('failed')).toBe(0);
    expect(count('refused')).toBeGreaterThan(0);
    const [row] = (await audit('personal_data_reads')
      .where({ caller_id: operation })
      .count({ records: '*' })) as Array<{ records: number }>;
    expect(Number(row!.records)).toBe(count('served'));
  });
});
