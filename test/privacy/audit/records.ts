import { personIdFor } from '@cityhub/kit';
import { describe, expect, it } from 'vitest';
import { TEST_PERSON_ID_KEY } from '../../support/constants.js';
import { authHeaders, graphql, testCity } from '../../support/hub.js';
import { transport, hub, recordsOf } from './audit-hub.js';

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
