import { cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createLogger, type SubgraphDefinition } from '@cityhub/kit';
import { REPOSITORY_ROOT, type InProcessHub } from '@cityhub/launcher';
import { SUBGRAPHS, composeSupergraph, type SubgraphEntry } from '@cityhub/schema';
import type { SeedFunction } from '@cityhub/synthetic-city';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scaffoldDepartment } from '../scripts/department-scaffold.js';
import { TEST_PERSON_ID_KEY } from './support/constants.js';
import { authHeaders, graphql, startTestHub, testCity } from './support/hub.js';

/**
 * The README's recipe, followed once: `npm run department:new` on a copy of the registry, then the
 * new department (registry line plus folder, nothing else) composes with every registered one and
 * answers through a real gateway, its settings parsed, its access rules and refusals in force.
 */
describe('a department made by the scaffold', () => {
  const name = 'scaffolded';
  const root = join(REPOSITORY_ROOT, '.data', `scaffold-test-${randomBytes(4).toString('hex')}`);
  let entry: SubgraphEntry;
  let hub: InProcessHub;

  beforeAll(async () => {
    mkdirSync(join(root, 'subgraphs'), { recursive: true });
    cpSync(join(REPOSITORY_ROOT, 'schema', 'subgraphs.ts'), join(root, 'schema', 'subgraphs.ts'));
    // The department's tsconfig extends the repository's.
    cpSync(join(REPOSITORY_ROOT, 'tsconfig.base.json'), join(root, 'tsconfig.base.json'));
    const { port } = scaffoldDepartment({ root, name });
    entry = {
      name,
      port,
      schemaFile: relative(REPOSITORY_ROOT, join(root, 'subgraphs', name, 'schema.graphql')),
    };
    const module = (await import(join(root, 'subgraphs', name, 'src', 'index.ts'))) as {
      subgraph: SubgraphDefinition<never>;
      seed: SeedFunction;
    };
    hub = await startTestHub([], { modules: [{ entry, subgraph: module.subgraph }] });
    await module.seed({
      db: hub.subgraphs.get(name)!.db,
      city: testCity(),
      personIdKey: TEST_PERSON_ID_KEY,
      logger: createLogger('scaffold-test', 'silent'),
    });
  });
  afterAll(async () => {
    await hub?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('is one more line in the registry', () => {
    const registry = readFileSync(join(root, 'schema', 'subgraphs.ts'), 'utf8');
    expect(registry).toContain(`  { name: '${name}', port: ${entry.port} },\n];`);
    expect(entry.port).toBe(Math.max(...SUBGRAPHS.map((registered) => registered.port)) + 1);
  });

  it('composes into the supergraph with every registered department', () => {
    const supergraph = composeSupergraph([...SUBGRAPHS, entry]);
    expect(supergraph).toContain('type ScaffoldedOffice');
    expect(supergraph).toContain('scaffoldedOffice(code: ID!): ScaffoldedOffice');
  });

  it('answers through the gateway, refuses a bad name whole and the anonymous caller', async () => {
    const office = `query ($code: ID!) { scaffoldedOffice(code: $code) { code name } }`;
    const street = testCity().geography.streets[0]!;
    const found = await graphql(hub.gateway.url, office, { code: street.code });
    expect(found.errors).toBeUndefined();
    expect(found.data).toEqual({
      scaffoldedOffice: { code: street.code, name: `${street.name} office` },
    });
    expect((await graphql(hub.gateway.url, office, { code: '310199999' })).data).toEqual({
      scaffoldedOffice: null,
    });
    const anonymous = await graphql(hub.gateway.url, office, { code: street.code }, {});
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const rename = `mutation ($code: ID!, $name: String!) {
      renameScaffoldedOffice(code: $code, name: $name) { code name } }`;
    const refused = await graphql(
      hub.gateway.url,
      rename,
      { code: street.code, name: ' '.repeat(3) },
      await authHeaders(),
    );
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argumentName: 'name',
    });
    const renamed = await graphql(hub.gateway.url, rename, { code: street.code, name: ' Depot ' });
    expect(renamed.data).toEqual({ renameScaffoldedOffice: { code: street.code, name: 'Depot' } });
  });
});
