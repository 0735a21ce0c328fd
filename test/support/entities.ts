import { buildSubgraphSchema } from '@apollo/subgraph';
import {
  AuditRecorder,
  DEFAULT_DISCLOSURE_RULE,
  applyAccessRules,
  createLogger,
  departmentSettingsOrThrow,
  readTypeDefs,
  type Database,
  type SubgraphBaseContext,
  type SubgraphDefinition,
} from '@cityhub/kit';
import { graphql, type GraphQLSchema } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { testCaller } from './callers.js';
import { TEST_PERSON_ID_KEY } from './constants.js';
import { testDatabase } from './database.js';

/** A district official with every scope and a stated purpose: sees every entity a subgraph owns. */
const OFFICIAL = testCaller({ id: 'entities-test' });

export interface EntityCase {
  typename: string;
  keyField: string;
  /** Keys of seeded entities, read from the department's own table. */
  knownKeys(db: Database): Promise<string[]>;
  /** A well-formed key that no seeded entity has. */
  unknownKey: string;
  /** Fields to select besides the key. */
  selection: string;
}

/**
 * How the gateway reaches a department's entities: `_entities` with many representations, run
 * in-process through the department's real schema, access rules and context, as Apollo's subgraph
 * template tests it. Every department owns its entities the same way: keys come back in order, an
 * unknown key is `null` (never a made-up entity), and a batch costs one SQL statement however long.
 */
export function describeEntityResolution<TContext extends SubgraphBaseContext, TSettings>(
  definition: SubgraphDefinition<TContext, TSettings>,
  cases: EntityCase[],
): void {
  describe(`${definition.name}: _entities`, () => {
    const db = testDatabase(definition.name);
    const schema: GraphQLSchema = applyAccessRules(
      buildSubgraphSchema({
        typeDefs: readTypeDefs(definition),
        resolvers: definition.resolvers as never,
      }),
      { disclosure: DEFAULT_DISCLOSURE_RULE },
    );
    const logger = createLogger(`${definition.name}-entities-test`, 'silent');
    afterAll(() => db.destroy());

    async function resolve(typename: string, keyField: string, keys: string[], selection: string) {
      const context = definition.createContext({
        db,
        settings: departmentSettingsOrThrow(definition),
        logger,
        personIdKey: TEST_PERSON_ID_KEY,
        caller: OFFICIAL,
        audit: new AuditRecorder(OFFICIAL, null, definition.name),
      });
      let statements = 0;
      const count = () => (statements += 1);
      db.on('query', count);
      try {
        const result = await graphql({
          schema,
          source: `query ($representations: [_Any!]!) {
            _entities(representations: $representations) { ... on ${typename} { ${keyField} ${selection} } }
          }`,
          variableValues: {
            representations: keys.map((key) => ({ __typename: typename, [keyField]: key })),
          },
          contextValue: context,
        });
        return { result, statements };
      } finally {
        db.off('query', count);
      }
    }

    for (const entity of cases) {
      it(`resolves ${entity.typename} references in order, an unknown one as null, in one statement`, async () => {
        const known = await entity.knownKeys(db);
        expect(known.length, 'the seed holds entities to resolve').toBeGreaterThan(0);
        // Out of table order, with an unknown key among them: answers must follow the request.
        const keys = [...known.slice(1), entity.unknownKey, known[0]!];
        const { result, statements } = await resolve(
          entity.typename,
          entity.keyField,
          keys,
          entity.selection,
        );
        expect(result.errors).toBeUndefined();
        const entities = result.data!._entities as Array<Record<string, unknown> | null>;
        expect(entities.map((found) => (found ? found[entity.keyField] : null))).toEqual(
          keys.map((key) => (key === entity.unknownKey ? null : key)),
        );
        expect(statements).toBe(1);
      });
    }
  });
}
