import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCOPES, accessTableProblems, readTypeDefs, type DepartmentAccess } from '@cityhub/kit';
import { REPOSITORY_ROOT, loadSubgraphModules } from '@cityhub/launcher';
import { SUBGRAPHS } from '@cityhub/schema';
import { visit } from 'graphql';
import { describe, expect, it } from 'vitest';

/** Scopes that belong to the hub rather than to one department. */
const HUB_WIDE_SCOPES = [SCOPES.piiRead];

/**
 * One registry line per department, and everything else follows from its folder: the launcher
 * loads `@cityhub/<name>`, codegen reads its `codegen.json`, its process starts on the registered
 * port, and its definition's scopes and roles are the hub's tables.
 */
describe('the registry (schema/subgraphs.ts)', async () => {
  const modules = await loadSubgraphModules();

  it('names a folder of the standard shape for every department', () => {
    for (const { entry, subgraph } of modules) {
      const folder = join(REPOSITORY_ROOT, 'subgraphs', entry.name);
      expect(subgraph.name, entry.name).toBe(entry.name);
      const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
      expect(manifest.name).toBe(`@cityhub/${entry.name}`);
      for (const file of ['schema.graphql', 'codegen.json', 'src/index.ts', 'src/context.ts'])
        expect(existsSync(join(folder, file)), `${entry.name}/${file}`).toBe(true);
      expect(readFileSync(join(folder, 'src', 'main.ts'), 'utf8'), entry.name).toContain(
        `runSubgraphProcess(subgraph, ${entry.port})`,
      );
    }
    expect(new Set(SUBGRAPHS.map(({ port }) => port)).size).toBe(SUBGRAPHS.length);
  });

  it("makes the hub's scope and role tables: what the departments declare, nothing else", () => {
    const definitions = modules.map(
      ({ subgraph }) => subgraph as { name: string; access?: DepartmentAccess },
    );
    expect(accessTableProblems(definitions)).toEqual([]);
    const declared = definitions.flatMap(({ access }) => Object.keys(access?.scopes ?? {}));
    expect([...declared, ...HUB_WIDE_SCOPES].sort()).toEqual(Object.values(SCOPES).sort());
  });

  it("lets each schema require only the hub's scopes", () => {
    const known = new Set<string>(Object.values(SCOPES));
    for (const { subgraph } of modules) {
      const required = new Set<string>();
      visit(readTypeDefs(subgraph), {
        Directive(node) {
          if (node.name.value !== 'requiresScopes') return;
          visit(node, {
            StringValue(value) {
              required.add(value.value);
            },
          });
        },
      });
      expect(
        [...required].filter((scope) => !known.has(scope)),
        subgraph.name,
      ).toEqual([]);
    }
  });
});
