import { createPublicKey } from 'node:crypto';
import { AuditWriter, startSubgraph, type RunningSubgraph } from '@cityhub/kit';
import { subgraph as population } from '@cityhub/population';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { TEST_PERSON_ID_KEY } from '../../support/constants.js';
import { graphql, knowSubgraph, testCity, testKey } from '../../support/hub.js';
import { logger, recordsOf, row } from './audit-hub.js';

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
