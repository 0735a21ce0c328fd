import { createPublicKey } from 'node:crypto';
import {
  AuditWriter,
  createLogger,
  personIdFor,
  startSubgraph,
  type PersonalDataRead,
  type RunningSubgraph,
} from '@cityhub/kit';
import type { InProcessHub } from '@cityhub/launcher';
import { subgraph as population } from '@cityhub/population';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { TEST_PERSON_ID_KEY } from '../support/constants.js';
import { testDatabase } from '../support/database.js';
import {
  authHeaders,
  graphql,
  knowSubgraph,
  startTestHub,
  testCity,
  testKey,
} from '../support/hub.js';

const logger = createLogger('audit-test', 'silent');
const audit = testDatabase('audit');
const transport = testDatabase('transport');
let hub: InProcessHub;
beforeAll(async () => {
  hub = await startTestHub();
}, 60_000);
afterAll(async () => {
  await hub?.stop();
  await audit.destroy();
  await transport.destroy();
});

const recordsOf = (callerId: string) =>
  audit('personal_data_reads').where({ caller_id: callerId }).orderBy('id');

function row(callerId: string, overrides: Partial<PersonalDataRead> = {}): PersonalDataRead {
  return {
    read_at: new Date(),
    caller_kind: 'user',
    caller_id: callerId,
    department: 'test',
    purpose: 'audit-review',
    purpose_note: null,
    operation: null,
    subgraph: 'population',
    person_id: null,
    fields: ['Person.name'],
    access: 'unmasked',
    document_sha256: null,
    ...overrides,
  };
}

describe('every record names the person and the document', () => {
  it('records an unmasked address read through Person.residence under the person', async () => {
    const person = testCity().person(7);
    const headers = await authHeaders({ subject: 'audit-residence' }, 'resident-services');
    const query = 'query ($id: String!) { person(idNumber: $id) { residence { address } } }';
    const response = await graphql(hub.gateway.url, query, { id: person.idNumber }, headers);
    expect(response.errors).toBeUndefined();
    expect(response.data!.person.residence.address).not.toContain('****');
    const records = await recordsOf('audit-residence');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      person_id: personIdFor(person.idNumber, TEST_PERSON_ID_KEY),
      fields: ['Query.person', 'Residence.address'],
      access: 'unmasked',
    });
    expect(records[0].document_sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('records a vehicle plate under every person checked in the vehicle', async () => {
    const passage = await transport('checkpoint_passages')
      .whereRaw('cardinality(person_ids) > 1')
      .orderBy('id')
      .first();
    expect(passage).toBeDefined();
    const at = new Date(passage.passed_at);
    const response = await graphql(
      hub.gateway.url,
      'query ($code: ID!, $from: DateTime!, $to: DateTime!) { checkpoint(code: $code) { passages(from: $from, to: $to, first: 500) { edges { node { id plate } } } } }',
      {
        code: passage.checkpoint_code,
        from: new Date(at.getTime() - 1).toISOString(),
        to: new Date(at.getTime() + 1).toISOString(),
      },
      await authHeaders({ subject: 'audit-plate' }, 'checkpoint-screening'),
    );
    expect(response.errors).toBeUndefined();
    const nodes = response.data!.checkpoint.passages.edges.map((e: any) => e.node);
    expect(nodes.some((n: { id: string }) => n.id === String(passage.id))).toBe(true);
    const people = new Set((await recordsOf('audit-plate')).map((r: any) => r.person_id));
    for (const id of passage.person_ids as string[]) expect(people.has(id)).toBe(true);
    expect(people.has(null)).toBe(false);
  });

  it('audits a shared answer once per request: identical concurrent requests are not merged', async () => {
    const person = testCity().person(11);
    const headers = await authHeaders({ subject: 'audit-twins' }, 'health-code-check');
    const query = 'query Twin($id: String!) { person(idNumber: $id) { name } }';
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        graphql(hub.gateway.url, query, { id: person.idNumber }, headers),
      ),
    );
    expect(answers.every((a) => a.data?.person?.name === person.name)).toBe(true);
    expect(await recordsOf('audit-twins')).toHaveLength(8);
  });
});

describe('the audit writer', () => {
  const databaseUrl = () => inject('databaseUrl');

  it('commits concurrent requests together, and a bad record fails only its own request', async () => {
    const writer = new AuditWriter(databaseUrl(), logger);
    try {
      const outcomes = await Promise.allSettled([
        writer.commit([row('writer-batch', { person_id: 'p1' })]),
        // caller_kind is varchar(12): PostgreSQL refuses this record.
        writer.commit([
          row('writer-batch', { person_id: 'bad', caller_kind: 'x'.repeat(40) as never }),
        ]),
        writer.commit([
          row('writer-batch', { person_id: 'p2' }),
          row('writer-batch', { person_id: 'p3' }),
        ]),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((outcomes[1] as PromiseRejectedResult).reason.extensions.code).toBe(
        'AUDIT_UNAVAILABLE',
      );
      expect(writer.unavailableReason).toBeNull();
      await writer.commit([row('writer-batch', { person_id: 'p4' })]);
      // Two INSERTs may be in flight: the records are all there, in whatever order they committed.
      expect((await recordsOf('writer-batch')).map((r: any) => r.person_id).sort()).toEqual([
        'p1',
        'p2',
        'p3',
        'p4',
      ]);
    } finally {
      await writer.close();
    }
  });

  it('refuses at once while its database is down, and says why', async () => {
    const unreachable = new URL(databaseUrl());
    unreachable.port = '1';
    const writer = new AuditWriter(unreachable.toString(), logger);
    try {
      await expect(writer.commit([row('writer-down')])).rejects.toMatchObject({
        extensions: { code: 'AUDIT_UNAVAILABLE' },
      });
      expect(writer.unavailableReason).toMatch(/ECONNREFUSED/);
      // Refused up front, with the reason, instead of queueing behind a database that is down.
      await expect(writer.commit([row('writer-down')])).rejects.toMatchObject({
        extensions: { code: 'AUDIT_UNAVAILABLE', reason: writer.unavailableReason },
      });
    } finally {
      await writer.close();
    }
  });

  it('refuses records beyond its bounded queue instead of growing', async () => {
    const writer = new AuditWriter(databaseUrl(), logger, { maxQueuedRecords: 3 });
    try {
      const outcomes = await Promise.allSettled([
        writer.commit([row('writer-bound'), row('writer-bound')]),
        writer.commit([row('writer-bound'), row('writer-bound')]),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected']);
      expect(String((outcomes[1] as PromiseRejectedResult).reason.message)).toMatch(
        /queue is full/,
      );
    } finally {
      await writer.close();
    }
  });
});

describe('an audit log that cannot be written', () => {
  let running: RunningSubgraph;
  beforeAll(async () => {
    const unreachable = new URL(databaseUrl());
    unreachable.port = '1';
    running = await startSubgraph(population, {
      databaseUrl: databaseUrl(),
      port: 0,
      logger,
      personIdKey: TEST_PERSON_ID_KEY,
      identityPublicKeys: [createPublicKey(testKey('gateway'))],
      auditDatabaseUrl: unreachable.toString(),
    });
    knowSubgraph(running);
  });
  afterAll(async () => running?.stop());
  const databaseUrl = () => inject('databaseUrl');

  it('withholds personal data with AUDIT_UNAVAILABLE, still answers the rest, and says why on /health', async () => {
    const person = testCity().person(3);
    const response = await graphql(
      running.url,
      'query ($id: String!) { person(idNumber: $id) { idNumber name } district(code: "310104") { name } }',
      { id: person.idNumber },
      undefined,
    );
    expect(JSON.stringify(response)).not.toContain(person.idNumber);
    expect(JSON.stringify(response)).not.toContain(person.name);
    expect(response.errors?.[0]?.extensions?.code).toBe('AUDIT_UNAVAILABLE');
    const health = await fetch(running.url.replace('/graphql', '/health'));
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'audit unavailable' });
    // Aggregates need no audit and keep flowing.
    const aggregate = await graphql(
      running.url,
      '{ district(code: "310104") { name residentCount } }',
      undefined,
      undefined,
    );
    expect(aggregate.errors).toBeUndefined();
    expect(aggregate.data!.district.residentCount).toBeGreaterThan(0);
  });
});
