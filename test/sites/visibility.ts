import { describe, expect, it } from 'vitest';
import { constructionSites } from '../../subgraphs/sites/src/seed/site-catalogue.js';
import { authHeaders, countStatements, graphql, testCity } from '../support/hub.js';
import { hub } from './sites-hub.js';

describe('who sees what of the sites', () => {
  it("keeps a street official to their street's sites and cases, and refuses another street", async () => {
    const own = '310104010';
    const official = await authHeaders({ roles: ['street-official'], streets: [own] });
    const listed = await graphql(
      hub().gateway.url,
      '{ sites(kind: CONSTRUCTION, first: 500) { edges { node { street { code } } } } screeningCases(first: 500) { edges { node { site { street { code } } } } } }',
      {},
      official,
    );
    expect(listed.errors).toBeUndefined();
    const streets = [...listed.data!.sites.edges, ...listed.data!.screeningCases.edges].map(
      (edge: any) => edge.node.street?.code ?? edge.node.site.street.code,
    );
    expect(streets.length).toBeGreaterThan(0);
    expect(new Set(streets)).toEqual(new Set([own]));
    const other = await graphql(
      hub().gateway.url,
      '{ screeningCases(streetCode: "310104016") { totalCount } }',
      {},
      official,
    );
    expect(other.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuses rows to an anonymous caller', async () => {
    const anonymous = await graphql(
      hub().gateway.url,
      '{ sites(first: 1) { totalCount } }',
      {},
      {},
    );
    expect(anonymous.errors![0]!.extensions!.code).toMatch(/UNAUTHENTICATED/);
  });
});

describe('the sites subgraph behind the gateway', () => {
  it('resolves 167 Site references with one SQL statement and never invents a site', async () => {
    const ids = constructionSites(testCity()).map((site) => site.id);
    const { result, statements } = await countStatements(hub(), () =>
      graphql(
        hub().subgraphs.get('sites')!.url,
        'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Site { id name } } }',
        { r: [...ids, 'C9999'].map((id) => ({ __typename: 'Site', id })) },
      ),
    );
    expect(result.errors).toBeUndefined();
    const entities = result.data!._entities as Array<{ id: string } | null>;
    expect(entities.slice(0, ids.length).map((entity) => entity!.id)).toEqual(ids);
    expect(entities[ids.length]).toBeNull();
    expect(statements.sites).toBe(1);
  });
});
