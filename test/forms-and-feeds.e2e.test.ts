import { createDatabase, createLogger, personIdFor, type Database } from '@cityhub/kit';
import { loadSubgraphModules, migrateAndSeed, type InProcessHub } from '@cityhub/launcher';
import { SUBGRAPHS } from '@cityhub/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PERSON_ID_KEY, TEST_REFERENCE_DATE } from './support/constants.js';
import { freshDatabase } from './support/database.js';
import { authHeaders, graphql, startTestHub, testCity } from './support/hub.js';

// A database of its own: these tests change colours and key regions that other files read.
const entries = SUBGRAPHS.filter(({ name }) => ['population', 'audit'].includes(name));
let hub: InProcessHub;
let fresh: Awaited<ReturnType<typeof freshDatabase>>;
let db: Database;
const city = testCity();
const person = city.person(
  Array.from({ length: 100 }, (_, i) => i).find((i) => city.person(i).communityCode)!,
);
const street = person.streetCode;
const otherStreet = ['310104003', '310104004', '310104005'].find((code) => code !== street)!;

beforeAll(async () => {
  fresh = await freshDatabase();
  await migrateAndSeed({
    modules: await loadSubgraphModules(entries),
    databaseUrlOf: () => fresh.url,
    hubDatabaseUrl: fresh.url,
    city,
    personIdKey: TEST_PERSON_ID_KEY,
    logger: createLogger('forms-test', 'silent'),
  });
  hub = await startTestHub(entries, { databaseUrlOf: () => fresh.url, hubDatabaseUrl: fresh.url });
  db = createDatabase({ url: fresh.url, schema: 'population', poolMax: 2 });
});
afterAll(async () => {
  await hub?.stop();
  await db?.destroy();
  await fresh?.drop();
});

const SUBMIT = `mutation ($input: HealthRegistrationInput!) { submitHealthRegistration(input: $input) {
  id kind personId idNumber name submittedBy community { code } symptoms } }`;
const LIST = `query ($code: ID!, $from: Date!, $to: Date!) { healthRegistrations(communityCode: $code, from: $from, to: $to) {
  id idNumber name phone address travel origin { code isKeyRegion } } }`;
const codeOf = (response: { errors?: Array<{ extensions?: Record<string, unknown> }> }) =>
  response.errors?.[0]?.extensions?.code;

const arrival = {
  kind: 'ARRIVAL',
  idNumber: person.idNumber,
  name: person.name,
  phone: '13912345678',
  communityCode: person.communityCode,
  address: '天钥桥路100弄3号',
  originCode: '330106',
  travel: 'G7512 杭州东→上海虹桥',
  arrivedOn: TEST_REFERENCE_DATE,
  channel: 'RAIL',
  symptoms: ['COUGH'],
};

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
    const mine = await graphql(
      hub.gateway.url,
      '{ myHealthRegistrations { idNumber name symptoms } }',
      undefined,
      self,
    );
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
    const notAllowed = await graphql(
      hub.gateway.url,
      'mutation { setKeyRegion(prefix: "3301", name: "浙江省杭州市") { prefix } }',
      undefined,
      official,
    );
    expect(codeOf(notAllowed)).toBe('FORBIDDEN');
    const added = await graphql(
      hub.gateway.url,
      'mutation { setKeyRegion(prefix: "3301", name: "浙江省杭州市") { prefix name } }',
      undefined,
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
    const removed = await graphql(
      hub.gateway.url,
      'mutation { removeKeyRegion(prefix: "3301") { prefix } }',
      undefined,
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

describe('health-code changes through the gateway', () => {
  it('are recorded from the feed role only, show in the person history and move the community board', async () => {
    const board = `query ($code: ID!) { community(code: $code) { healthCodeCounts { green yellow red } } }`;
    const before = await graphql(hub.gateway.url, board, { code: person.communityCode });
    const target = person.healthCode === 'RED' ? 'GREEN' : 'RED';
    const change = {
      sourceId: 'hc-e2e-1',
      idNumber: person.idNumber,
      color: target,
      changedAt: new Date().toISOString(),
    };
    const MUTATION = `mutation ($changes: [HealthCodeChangeInput!]!) { recordHealthCodeChanges(changes: $changes) {
      applied superseded duplicates rejected rejections { index field reason } } }`;
    const official = await authHeaders({ roles: ['street-official'], streets: [street] });
    expect(codeOf(await graphql(hub.gateway.url, MUTATION, { changes: [change] }, official))).toBe(
      'FORBIDDEN',
    );
    const feed = await authHeaders({ subject: 'hc-system', roles: ['health-code-feed'] }, null);
    const receipt = await graphql(
      hub.gateway.url,
      MUTATION,
      { changes: [change, { ...change, sourceId: 'hc-e2e-2', color: 'PURPLE' }] },
      feed,
    );
    expect(receipt.data!.recordHealthCodeChanges).toEqual({
      applied: 1,
      superseded: 0,
      duplicates: 0,
      rejected: 1,
      rejections: [{ index: 1, field: 'color', reason: 'must be one of GREEN, YELLOW, RED' }],
    });
    const again = await graphql(hub.gateway.url, MUTATION, { changes: [change] }, feed);
    expect(again.data!.recordHealthCodeChanges).toMatchObject({ applied: 0, duplicates: 1 });
    const history = await graphql(
      hub.gateway.url,
      `
        query ($id: String!) {
          person(idNumber: $id) {
            healthCode {
              color
            }
            healthCodeHistory {
              color
              feed
              sourceId
              recordedBy
              applied
            }
          }
        }
      `,
      { id: person.idNumber },
    );
    expect(history.data!.person).toEqual({
      healthCode: { color: target },
      healthCodeHistory: [
        {
          color: target,
          feed: 'API',
          sourceId: 'hc-e2e-1',
          recordedBy: 'user:hc-system',
          applied: true,
        },
      ],
    });
    const after = await graphql(hub.gateway.url, board, { code: person.communityCode });
    const key = target.toLowerCase() as 'red' | 'green';
    expect(after.data!.community.healthCodeCounts[key]).toBe(
      before.data!.community.healthCodeCounts[key] + 1,
    );
  });
});
