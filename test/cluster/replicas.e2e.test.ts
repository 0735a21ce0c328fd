import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiKeyStore } from '@cityhub/gateway';
import { DEVELOPMENT_JWT_SECRET, createDatabase, mintToken, type Database } from '@cityhub/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterDown, clusterUp } from '../../scripts/cluster/cluster.js';
import { stopProcess } from '../../scripts/cluster/processes.js';
import {
  GATEWAY_PORT,
  HOSTS,
  LOAD_BALANCER,
  primaryUrl,
  replicaUrl,
} from '../../scripts/cluster/topology.js';
import { clusterPlan } from './cluster-plan.js';
import { runLoad } from './load.js';

const plan = clusterPlan();
if (!plan.run) console.info(plan.reason);

const GATE =
  'query HealthCode($idNumber: String!) { person(idNumber: $idNumber) { healthCode { color changedAt } } }';

describe.runIf(plan.run)('replicas behind HAProxy on simulated hosts', () => {
  let primary: Database;
  let replica: Database;
  let idNumbers: string[];
  let authorization: string;

  beforeAll(async () => {
    await clusterUp({ preset: 'test', say: () => {} });
    primary = createDatabase({ url: primaryUrl(), schema: 'public', poolMax: 2 });
    replica = createDatabase({ url: replicaUrl(), schema: 'public', poolMax: 2 });
    idNumbers = (
      await replica('population.residents').select('id_number').orderBy('id_number').limit(500)
    ).map((row: { id_number: string }) => row.id_number);
    authorization = `Bearer ${await mintToken(
      { subject: 'cluster-test', department: 'operations-centre', roles: ['district-official'] },
      DEVELOPMENT_JWT_SECRET,
    )}`;
    // Each step of bringing the hosts up may wait five minutes on a loaded machine.
  }, 900_000);

  afterAll(async () => {
    await primary?.destroy();
    await replica?.destroy();
    await clusterDown();
  }, 60_000);

  it('holds an API key to its limit across both gateways (counted in Redis)', async () => {
    const limit = 20;
    const gatewayDb = createDatabase({ url: primaryUrl(), schema: 'gateway', poolMax: 1 });
    const { secret } = await new ApiKeyStore(gatewayDb).create({
      name: 'cluster-rate-limit',
      department: 'test',
      scopes: [],
      registeredOperationsOnly: false,
      requestsPerMinute: limit,
    });
    await gatewayDb.destroy();
    const accepted = { gateway1: 0, gateway2: 0 };
    for (let index = 0; index < 3 * limit; index += 1) {
      // Straight to each replica in turn, not through HAProxy: only a shared count can hold.
      const gateway = index % 2 === 0 ? 'gateway1' : 'gateway2';
      const response = await fetch(`http://${HOSTS[gateway]}:${GATEWAY_PORT}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': secret },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      await response.arrayBuffer();
      if (response.status === 200) accepted[gateway] += 1;
      else expect(response.status).toBe(429);
    }
    console.info(`rate limit ${limit}/min: accepted ${JSON.stringify(accepted)}`);
    expect(accepted.gateway1 + accepted.gateway2).toBe(limit);
    expect(accepted.gateway1).toBeGreaterThan(0);
    expect(accepted.gateway2).toBeGreaterThan(0);
  });

  it('loses no request, read or audit record when a gateway and a population replica are killed under load', async () => {
    // The code states why; the note, unique to this run, matches its audit records.
    const note = `cluster-${randomUUID()}`;
    const request = (index: number) =>
      fetch(`${LOAD_BALANCER.gateway}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization,
          'x-purpose': 'health-code-check',
          'x-purpose-note': note,
        },
        body: JSON.stringify({
          query: GATE,
          variables: { idNumber: idNumbers[index % idNumbers.length] },
        }),
      });
    const kills = (async () => {
      await sleep(4_000);
      await stopProcess('gateway1', 'SIGKILL', 0);
      await sleep(4_000);
      await stopProcess('population1', 'SIGKILL', 0);
      await sleep(5_000);
    })();
    const outcome = await runLoad(16, request, kills);
    console.info(
      `load through HAProxy: ${outcome.ok} answered, ${outcome.failed} failed ${outcome.failures.join(' | ')}`,
    );
    expect(outcome.failures).toEqual([]);
    expect(outcome.ok).toBeGreaterThan(100);

    // Every answered read has its audit record on the primary (written before the answer left).
    const [audited] = await primary('audit.personal_data_reads')
      .where({ purpose_note: note })
      .count({ count: '*' });
    const count = audited?.count;
    console.info(`audit records on the primary: ${count} for ${outcome.ok} answered reads`);
    expect(Number(count)).toBeGreaterThanOrEqual(outcome.ok);

    // The residents were read from the standby: population's connections are there.
    const onStandby = await replica.raw(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'cityhub-population'",
    );
    expect(onStandby.rows[0].n).toBeGreaterThan(0);
  });
});
