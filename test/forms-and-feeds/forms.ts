import { createDatabase, personIdFor } from '@cityhub/kit';
import { describe, expect, it } from 'vitest';
import { TEST_PERSON_ID_KEY, TEST_REFERENCE_DATE } from '../support/constants.js';
import { authHeaders, graphql } from '../support/hub.js';
import {
  hub,
  fresh,
  db,
  person,
  street,
  otherStreet,
  SUBMIT,
  LIST,
  ask,
  codeOf,
  arrival,
} from './forms-hub.js';

describe('forms and the key-region list', () => {
  it("a resident's own registration is theirs to read; the street's official sees it masked, and raw with a purpose", async () => {
    const self = await authHeaders(
      { roles: [], personId: personIdFor(person.idNumber, TEST_PERSON_ID_KEY) },
      null,
    );
    const submitted = await graphql(hub.gateway.url, SUBMIT, { input: arrival }, self);
    expect(submitted.errors).toBeUndefined();
    expect(submitted.data!.submitHealthRegistration).toMatchObject({
      kind: 'ARRIVAL',
      idNumber: person.idNumber,
      submittedBy: 'self',
      community: { code: person.communityCode },
      symptoms: ['COUGH'],
    });
    const mine = await ask('{ myHealthRegistrations { idNumber name symptoms } }', self);
    expect(mine.data!.myHealthRegistrations).toEqual([
      { idNumber: person.idNumber, name: person.name, symptoms: ['COUGH'] },
    ]);

    const window = {
      code: person.communityCode,
      from: TEST_REFERENCE_DATE,
      to: TEST_REFERENCE_DATE,
    };
    // The submission's date is the city's today; the window covers it either side of midnight.
    window.from = new Date(Date.parse(TEST_REFERENCE_DATE) - 86_400_000).toISOString().slice(0, 10);
    window.to = new Date(Date.parse(TEST_REFERENCE_DATE) + 86_400_000).toISOString().slice(0, 10);
    const official = { roles: ['street-official'], streets: [street] };
    const masked = await graphql(hub.gateway.url, LIST, window, await authHeaders(official, null));
    expect(masked.errors).toBeUndefined();
    const [row] = masked.data!.healthRegistrations;
    expect(row.idNumber).not.toBe(person.idNumber);
    expect(row.idNumber).toMatch(/\*/);
    expect(row.phone).not.toBe('13912345678');
    expect(row.origin).toEqual({ code: '330106', isKeyRegion: false });
    const raw = await graphql(hub.gateway.url, LIST, window, await authHeaders(official));
    expect(raw.data!.healthRegistrations[0]).toMatchObject({
      idNumber: person.idNumber,
      name: person.name,
      phone: '13912345678',
      travel: arrival.travel,
    });
    const elsewhere = await graphql(
      hub.gateway.url,
      LIST,
      window,
      await authHeaders({ roles: ['street-official'], streets: [otherStreet] }),
    );
    expect(codeOf(elsewhere)).toBe('FORBIDDEN');
    const audited = await createDatabase({ url: fresh.url, schema: 'audit', poolMax: 1 });
    try {
      const reads = await audited('personal_data_reads')
        .where({ person_id: personIdFor(person.idNumber, TEST_PERSON_ID_KEY) })
        .count({ total: '*' });
      expect(Number(reads[0]?.total)).toBeGreaterThan(0);
    } finally {
      await audited.destroy();
    }
  });

  it('refuses a registration for someone else by a resident, and a bad form with every problem at once', async () => {
    const stranger = await authHeaders({ roles: [], personId: 'someone-else' }, null);
    const refused = await graphql(hub.gateway.url, SUBMIT, { input: arrival }, stranger);
    expect(codeOf(refused)).toBe('FORBIDDEN');
    const bad = await graphql(hub.gateway.url, SUBMIT, {
      input: { ...arrival, idNumber: '110105194912310020', phone: '123', travel: null },
    });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(
      (bad.errors![0]!.extensions!.problems as Array<{ field: string }>).map((p) => p.field),
    ).toEqual(['input.idNumber', 'input.phone', 'input.travel']);
  });

  it('lets the health commission add a key region, and the screening follows: the arrival from it counts', async () => {
    const commission = await authHeaders({ roles: ['health-commission'] });
    const official = await authHeaders({ roles: ['street-official'], streets: [street] }, null);
    const notAllowed = await ask(
      'mutation { setKeyRegion(prefix: "3301", name: "浙江省杭州市") { prefix } }',
      official,
    );
    expect(codeOf(notAllowed)).toBe('FORBIDDEN');
    const added = await ask(
      'mutation { setKeyRegion(prefix: "3301", name: "浙江省杭州市") { prefix name } }',
      commission,
    );
    expect(added.data!.setKeyRegion).toEqual([
      { prefix: '3301', name: '浙江省杭州市' },
      { prefix: '42', name: '湖北省' },
    ]);
    const before = await db('arrivals').where({ from_code: '330106' }).count({ total: '*' });
    await graphql(
      hub.gateway.url,
      SUBMIT,
      // A day long before the seeded arrivals, so this one is new.
      { input: { ...arrival, arrivedOn: '2020-01-23' } },
      commission,
    );
    const region = await graphql(
      hub.gateway.url,
      `
        query ($id: String!) {
          person(idNumber: $id) {
            arrivals {
              from {
                code
                isKeyRegion
              }
            }
          }
        }
      `,
      { id: person.idNumber },
    );
    expect(region.data!.person.arrivals).toContainEqual({
      from: { code: '330106', isKeyRegion: true },
    });
    const after = await db('arrivals').where({ from_code: '330106' }).count({ total: '*' });
    expect(Number(after[0]?.total)).toBe(Number(before[0]?.total) + 1);
    const removed = await ask(
      'mutation { removeKeyRegion(prefix: "3301") { prefix } }',
      commission,
    );
    expect(removed.data!.removeKeyRegion).toEqual([{ prefix: '42' }]);
    const history = await db('key_region_changes').orderBy('id').select('prefix', 'change');
    expect(history).toEqual([
      { prefix: '3301', change: 'SET' },
      { prefix: '3301', change: 'REMOVED' },
    ]);
  });
});
