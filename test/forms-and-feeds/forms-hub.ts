import { createDatabase, createLogger, type Database } from '@cityhub/kit';
import { loadSubgraphModules, migrateAndSeed, type InProcessHub } from '@cityhub/launcher';
import { SUBGRAPHS } from '@cityhub/schema';
import { afterAll, beforeAll } from 'vitest';
import { TEST_PERSON_ID_KEY, TEST_REFERENCE_DATE } from '../support/constants.js';
import { freshDatabase } from '../support/database.js';
import { graphql, startTestHub, testCity } from '../support/hub.js';

// A database of its own: these tests change colours and key regions that other files read.
export const entries = SUBGRAPHS.filter(({ name }) => ['population', 'audit'].includes(name));
export let hub: InProcessHub;
export let fresh: Awaited<ReturnType<typeof freshDatabase>>;
export let db: Database;
export const city = testCity();
export const person = city.person(
  Array.from({ length: 100 }, (_, i) => i).find((i) => city.person(i).communityCode)!,
);
export const street = person.streetCode;
export const otherStreet = ['310104003', '310104004', '310104005'].find((code) => code !== street)!;

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

export const SUBMIT = `mutation ($input: HealthRegistrationInput!) { submitHealthRegistration(input: $input) {
  id kind personId idNumber name submittedBy community { code } symptoms } }`;
export const LIST = `query ($code: ID!, $from: Date!, $to: Date!) { healthRegistrations(communityCode: $code, from: $from, to: $to) {
  id idNumber name phone address travel origin { code isKeyRegion } } }`;
/** A query without variables through the gateway, as `headers` say who asks. */
export const ask = (query: string, headers: Record<string, string>) =>
  graphql(hub.gateway.url, query, undefined, headers);
export const codeOf = (response: { errors?: Array<{ extensions?: Record<string, unknown> }> }) =>
  response.errors?.[0]?.extensions?.code;

export const arrival = {
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
