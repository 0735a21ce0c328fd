import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runImport } from '@cityhub/importer';
import type { InProcessHub } from '@cityhub/launcher';
import { importMappings } from '@cityhub/population';
import { SUBGRAPHS } from '@cityhub/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PERSON_ID_KEY } from './support/constants.js';
import { testDatabase } from './support/database.js';
import { authHeaders, graphql, startTestHub } from './support/hub.js';
import { writeResidentFile } from './support/resident-file.js';

const db = testDatabase('population');
const dir = mkdtempSync(join(tmpdir(), 'cityhub-import-api-'));
let hub: InProcessHub;
let jobId: string;

beforeAll(async () => {
  hub = await startTestHub(SUBGRAPHS.filter(({ name }) => name === 'population'));
  // Every record refused (an unknown community), so the shared test city is left as it was.
  const file = join(dir, 'refused.csv');
  await writeResidentFile(file, { count: 40, communities: ['3101049990001'], badEvery: 20 });
  const { job } = await runImport({
    db,
    mapping: importMappings({ personIdKey: TEST_PERSON_ID_KEY })[0]!,
    file,
    startedBy: 'cli:e2e',
  });
  jobId = String(job.id);
});
afterAll(async () => {
  await hub?.stop();
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const JOB = `query ($id: ID!) { populationImportJob(id: $id) {
  id department kind status fileName fractionRead rowsRead rowsRejected rowsInserted rowsUnchanged
  rejections(first: 3) { line field reason } } }`;

describe('import jobs through the gateway', () => {
  it("show the department's data officer a job's progress and every refused record with its reason", async () => {
    const response = await graphql(
      hub.gateway.url,
      JOB,
      { id: jobId },
      await authHeaders({ roles: ['data-officer'], department: 'population' }, null),
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.populationImportJob).toMatchObject({
      id: jobId,
      department: 'population',
      kind: 'residents',
      status: 'DONE',
      fileName: 'refused.csv',
      fractionRead: 1,
      rowsRead: 40,
      rowsRejected: 40,
      rowsInserted: 0,
      rowsUnchanged: 0,
      rejections: [
        { line: 2, field: 'community_code', reason: 'is not a community the hub knows' },
        { line: 3, field: 'community_code', reason: 'is not a community the hub knows' },
        { line: 4, field: 'community_code', reason: 'is not a community the hub knows' },
      ],
    });
    const list = await graphql(
      hub.gateway.url,
      '{ populationImportJobs(kind: "residents", first: 1) { id } }',
    );
    expect(list.data!.populationImportJobs).toEqual([{ id: jobId }]);
  });

  it("refuse another department's data officer, a street official and a bad page size", async () => {
    const codeOf = (response: { errors?: Array<{ extensions?: Record<string, unknown> }> }) =>
      response.errors?.[0]?.extensions?.code;
    const otherOfficer = await graphql(
      hub.gateway.url,
      JOB,
      { id: jobId },
      await authHeaders({ roles: ['data-officer'], department: 'enterprises' }, null),
    );
    expect(codeOf(otherOfficer)).toBe('FORBIDDEN');
    expect(otherOfficer.data?.populationImportJob ?? null).toBeNull();
    const official = await graphql(
      hub.gateway.url,
      JOB,
      { id: jobId },
      await authHeaders({ roles: ['street-official'], streets: ['310104003'] }),
    );
    expect(codeOf(official)).toBe('FORBIDDEN');
    const tooMany = await graphql(hub.gateway.url, '{ populationImportJobs(first: 1000) { id } }');
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argumentName: 'first',
    });
  });
});
