import { buildSubgraphSchema } from '@apollo/subgraph';
import {
  createDatabase,
  migrateDownAll,
  migrateUp,
  readTypeDefs,
  type Database,
  type SubgraphBaseContext,
  type SubgraphDefinition,
} from '@cityhub/kit';
import { Kind, print, type DocumentNode, type GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from './database.js';
import { undocumented } from './schema-documentation.js';

/** The department's schema built with its resolvers, as the kit serves it. */
export function subgraphSchemaOf<TContext extends SubgraphBaseContext, TSettings>(
  definition: SubgraphDefinition<TContext, TSettings>,
): GraphQLSchema {
  return buildSubgraphSchema({
    typeDefs: readTypeDefs(definition),
    resolvers: definition.resolvers as never,
  });
}

/**
 * The `@key`s of the document's types, `{ Person: 'id' }`; several keys are joined with ` | `, and a
 * stub that only refers to another department's entity is marked `(reference)`.
 */
export function entityKeys(document: DocumentNode): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const node of document.definitions) {
    if (node.kind !== Kind.OBJECT_TYPE_DEFINITION && node.kind !== Kind.OBJECT_TYPE_EXTENSION)
      continue;
    const found = (node.directives ?? [])
      .filter((directive) => directive.name.value === 'key')
      .map((directive) => {
        const argument = (name: string) =>
          directive.arguments?.find((arg) => arg.name.value === name)?.value;
        const fields = argument('fields');
        const resolvable = argument('resolvable');
        const text = fields?.kind === Kind.STRING ? fields.value : print(fields!);
        return resolvable?.kind === Kind.BOOLEAN && !resolvable.value
          ? `${text} (reference)`
          : text;
      });
    if (found.length > 0) keys[node.name.value] = found.join(' | ');
  }
  return keys;
}

/**
 * What every department's schema promises, tested the same way: it builds with its resolvers,
 * documents every type, field and enum value, and keys exactly the entities the other departments
 * expect (`keys`, as `entityKeys` reads them).
 */
export function describeSubgraphSchema<TContext extends SubgraphBaseContext, TSettings>(
  definition: SubgraphDefinition<TContext, TSettings>,
  expected: { keys: Record<string, string> },
): void {
  describe(`${definition.name} schema`, () => {
    it('builds with its resolvers and documents every type, field and enum value', () => {
      expect(undocumented(subgraphSchemaOf(definition))).toEqual([]);
    });

    it('keys its entities as the other departments expect', () => {
      expect(entityKeys(readTypeDefs(definition))).toEqual(expected.keys);
    });
  });
}

/** The department's tables (knex's bookkeeping left out), sorted. */
export async function departmentTables(db: Database, schema: string): Promise<string[]> {
  const names: string[] = await db('pg_tables')
    .withSchema('pg_catalog')
    .where({ schemaname: schema })
    .pluck('tablename');
  return names.filter((name) => !name.startsWith('knex_')).sort();
}

/**
 * A department's migrations on a brand-new database, tested the same way everywhere: up into its
 * own schema with exactly `tables`, down to nothing, up again, and a further run changes nothing.
 * `db()` is that database, migrated, for the department's own seed tests in the same block.
 */
export function describeMigrations<TContext extends SubgraphBaseContext, TSettings>(
  definition: SubgraphDefinition<TContext, TSettings>,
  expected: { tables: string[] },
  more?: (db: () => Database) => void,
): void {
  const schema = definition.databaseSchema ?? definition.name;
  describe(`${definition.name} migrations on a fresh PostgreSQL`, () => {
    let database: Awaited<ReturnType<typeof freshDatabase>> | undefined;
    let db: Database | undefined;
    beforeAll(async () => {
      database = await freshDatabase();
      db = createDatabase({ url: database.url, schema });
    });
    afterAll(async () => {
      await db?.destroy();
      await database?.drop();
    });

    it(`go up into the ${schema} schema, down to nothing, and up again`, async () => {
      const { migrations } = definition;
      expect(await migrateUp(db!, schema, migrations)).toHaveLength(migrations.length);
      expect(await departmentTables(db!, schema)).toEqual(expected.tables);
      await migrateDownAll(db!, schema, migrations);
      expect(await departmentTables(db!, schema)).toEqual([]);
      expect(await migrateUp(db!, schema, migrations)).toHaveLength(migrations.length);
      expect(await migrateUp(db!, schema, migrations)).toEqual([]);
    });

    more?.(() => db!);
  });
}
