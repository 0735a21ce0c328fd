import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger } from '@cityhub/kit';
import { composeSupergraph, SUBGRAPHS } from '@cityhub/schema';
import { afterAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '../src/gateway-server.js';
import { supergraphFromFile } from '../src/supergraph-file.js';
import { graphql, testKey } from '../../test/support/hub.js';
import { TEST_JWT_SECRET } from '../../test/support/constants.js';

describe('the gateway and its supergraph file', () => {
  let gateway: RunningGateway | undefined;
  afterAll(async () => gateway?.stop());

  it('picks up a rewritten supergraph without a restart, and keeps the old one if the new is broken', async () => {
    const logger = createLogger('reload-test', 'silent');
    const file = join(mkdtempSync(join(tmpdir(), 'cityhub-')), 'supergraph.graphql');
    const full = composeSupergraph(SUBGRAPHS);
    // A first version without Query.keyRegions, as if that field had not been released yet.
    writeFileSync(
      file,
      full.replace(
        /^\s*"""\s*The regions whose arrivals[\s\S]*?keyRegions: \[KeyRegion!\]!?[^\n]*\n/m,
        '\n',
      ),
    );
    gateway = await startGateway({
      supergraph: supergraphFromFile(file, logger),
      port: 0,
      host: '127.0.0.1',
      logger,
      jwtSecret: TEST_JWT_SECRET,
      identityPrivateKey: testKey('gateway'),
    });
    const before = await graphql(gateway.url, '{ keyRegions { prefix } }');
    expect(before.errors![0]!.extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');

    writeFileSync(file, full);
    let after = before;
    for (
      let attempt = 0;
      attempt < 40 && after.errors?.[0]?.extensions?.code === 'GRAPHQL_VALIDATION_FAILED';
      attempt++
    ) {
      await sleep(100);
      after = await graphql(gateway.url, '{ keyRegions { prefix } }');
    }
    // The field is now known; it fails only because no subgraph runs behind this gateway.
    expect(after.errors![0]!.extensions!.code).toBe('SUBGRAPH_UNAVAILABLE');
    expect(after.errors![0]!.message).toBe('The population service is unavailable.');

    writeFileSync(file, 'this is not a supergraph');
    await sleep(1_200);
    const still = await graphql(gateway.url, '{ keyRegions { prefix } }');
    expect(still.errors![0]!.extensions!.code).toBe('SUBGRAPH_UNAVAILABLE');
  });
});
