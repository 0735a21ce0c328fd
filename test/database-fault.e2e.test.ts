import { createLogger, startSubgraph, type RunningSubgraph } from '@cityhub/kit';
import { subgraph } from '@cityhub/population';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from './support/database.js';
import { createPublicKey } from 'node:crypto';
import { graphql, knowSubgraph, testKey } from './support/hub.js';

describe('a database fault', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let running: RunningSubgraph;
  const logged: string[] = [];
  beforeAll(async () => {
    database = await freshDatabase();
    const logger = createLogger('fault-test', 'error');
    const capture = logger.child({});
    capture.error = ((object: unknown, message?: string) => {
      logged.push(
        `${message} ${JSON.stringify(object, (_k, v) => (v instanceof Error ? `${v.message}` : v))}`,
      );
    }) as typeof capture.error;
    // Not migrated: every statement fails as it would if the department's database lost its tables.
    running = await startSubgraph(subgraph, {
      databaseUrl: database.url,
      port: 0,
      logger: { child: () => capture } as never,
      personIdKey: 'fault-test-person-key',
      migrate: false,
      identityPublicKeys: [createPublicKey(testKey('gateway'))],
      auditDatabaseUrl: database.url,
    });
    knowSubgraph(running);
  });
  afterAll(async () => {
    await running?.stop();
    await database?.drop();
  });

  it('reaches the client as INTERNAL_SERVER_ERROR without internals, and is logged in full', async () => {
    const response = await graphql(running.url, '{ district(code: "310104") { name } }');
    expect(response.errors![0]).toMatchObject({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(JSON.stringify(response)).not.toMatch(/relation|districts|SELECT|postgres/i);
    expect(logged.join('\n')).toMatch(/relation \\?"districts\\?" does not exist/);
  });
});
