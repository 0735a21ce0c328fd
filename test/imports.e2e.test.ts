import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runImport, type ImportMapping } from '@cityhub/importer';
import { createDatabase, createLogger, type Database } from '@cityhub/kit';
import { loadSubgraphModules, migrateAndSeed, type InProcessHub } from '@cityhub/launcher';
import { SUBGRAPHS } from '@cityhub/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PERSON_ID_KEY } from './support/constants.js';
import { freshDatabase } from './support/database.js';
import { authHeaders, graphql, startTestHub, type GraphQLResponse } from './support/hub.js';
import { KIND_FILES, type KindFile } from './support/import-files.js';

// A database of its own, migrated and empty: the files load rows that other test files count.
const DEPARTMENTS = [...new Set(KIND_FILES.map((file) => file.department))];
const entries = SUBGRAPHS.filter(({ name }) => [...DEPARTMENTS, 'audit'].includes(name));
const dir = mkdtempSync(join(tmpdir(), 'cityhub-import-jobs-'));
const dbs = new Map<string, Database>();
let fresh: Awaited<ReturnType<typeof freshDatabase>>;
let hub: InProcessHub;

beforeAll(async () => {
  fresh = await freshDatabase();
  await migrateAndSeed({
    modules: await loadSubgraphModules(entries),
    databaseUrlOf: () => fresh.url,
    hubDatabaseUrl: fresh.url,
    personIdKey: TEST_PERSON_ID_KEY,
    logger: createLogger('imports-test', 'silent'),
  });
  hub = await startTestHub(entries, { databaseUrlOf: () => fresh.url, hubDatabaseUrl: fresh.url });
  for (const name of DEPARTMENTS)
    dbs.set(name, createDatabase({ url: fresh.url, schema: name, poolMax: 2 }));
});
afterAll(async () => {
  await hub?.stop();
  for (const db of dbs.values()) await db.destroy();
  await fresh?.drop();
  rmSync(dir, { recursive: true, force: true });
});

const officer = (department: string) => authHeaders({ roles: ['data-officer'], department }, null);
const codeOf = (response: GraphQLResponse) => response.errors?.[0]?.extensions?.code;

/** A job as a department's `<department>ImportJob(id)` answers it through the gateway. */
const readJob = (department: string, id: string, headers: Record<string, string>) =>
  graphql(
    hub.gateway.url,
    `query ($id: ID!) { job: ${department}ImportJob(id: $id) {
      id department kind status fileName fractionRead rowsRead rowsTotal rowsRejected rowsInserted
      rowsUpdated rowsUnchanged rowsPerSecond etaSeconds error rejections(first: 5) { line field reason } } }`,
    { id },
    headers,
  );

/** The department's mapping of the kind, as `npm run import` finds it. */
async function mappingOf(file: KindFile): Promise<ImportMapping> {
  const module = (await import(`@cityhub/${file.department}`)) as {
    importMappings(settings: { personIdKey: string }): ImportMapping[];
  };
  return module
    .importMappings({ personIdKey: TEST_PERSON_ID_KEY })
    .find((m) => m.kind === file.kind)!;
}

/** The job each department's first kind made, for the refusals. */
const jobOf = new Map<string, string>();

describe('the import job of every kind of file, read through the gateway', () => {
  it.each(KIND_FILES.map((file) => [`${file.department} ${file.kind}`, file] as const))(
    '%s: its progress while it stages, then what it loaded and refused',
    async (_name, file) => {
      const db = dbs.get(file.department)!;
      await file.setup?.(db);
      const path = join(dir, file.name);
      writeFileSync(path, file.text);
      const headers = await officer(file.department);
      let staging: GraphQLResponse | undefined;
      const { job } = await runImport({
        db,
        mapping: await mappingOf(file),
        file: path,
        startedBy: 'cli:e2e',
        chunkRecords: 1,
        // The import waits here after its first chunk is committed: the job is read mid-way.
        onProgress: async (progress) => {
          if (progress.phase === 'staging' && !staging)
            staging = await readJob(file.department, String(progress.jobId), headers);
        },
      });
      expect(staging?.errors).toBeUndefined();
      const midway = staging!.data!.job;
      expect(midway).toMatchObject({
        id: String(job.id),
        status: 'STAGING',
        rowsRead: 1,
        rowsRejected: 0,
        rowsInserted: null,
        rejections: [],
      });
      expect(midway.fractionRead).toBeGreaterThan(0);
      expect(midway.rowsTotal).toBeGreaterThanOrEqual(1);
      expect(midway.rowsPerSecond).toEqual(expect.any(Number));
      expect(midway.etaSeconds).toEqual(expect.any(Number));

      const done = await readJob(file.department, String(job.id), headers);
      expect(done.errors).toBeUndefined();
      expect(done.data!.job).toMatchObject({
        id: String(job.id),
        department: file.department,
        kind: file.kind,
        status: 'DONE',
        fileName: file.name,
        fractionRead: 1,
        rowsRead: 3,
        rowsTotal: 3,
        rowsRejected: 1,
        rowsInserted: 2,
        rowsUpdated: 0,
        rowsUnchanged: 0,
        etaSeconds: null,
        error: null,
        rejections: [file.rejection],
      });
      expect(done.data!.job.rowsPerSecond).toEqual(expect.any(Number));
      const latest = await graphql(
        hub.gateway.url,
        `query ($kind: String) { jobs: ${file.department}ImportJobs(kind: $kind, first: 1) { id kind } }`,
        { kind: file.kind },
        headers,
      );
      expect(latest.data!.jobs).toEqual([{ id: String(job.id), kind: file.kind }]);
      if (!jobOf.has(file.department)) jobOf.set(file.department, String(job.id));
    },
  );

  it("is refused to another department's data officer, the viewer, an official and the anonymous; a bad id or page is named", async () => {
    expect([...jobOf.keys()].sort()).toEqual([...DEPARTMENTS].sort());
    for (const [department, id] of jobOf) {
      const other = DEPARTMENTS.find((name) => name !== department)!;
      const otherOfficer = await readJob(department, id, await officer(other));
      expect(codeOf(otherOfficer), department).toBe('FORBIDDEN');
      expect(otherOfficer.data?.job ?? null).toBeNull();
      for (const roles of [['viewer'], ['district-official']]) {
        const headers = await authHeaders({ roles, department }, null);
        expect(codeOf(await readJob(department, id, headers)), `${department} ${roles}`).toBe(
          'FORBIDDEN',
        );
      }
      expect(codeOf(await readJob(department, id, {})), department).toBe('UNAUTHENTICATED');
      const admin = await readJob(department, id, await authHeaders({ roles: ['admin'] }, null));
      expect(admin.data!.job, department).toMatchObject({ id, department });

      const own = await officer(department);
      const badId = await readJob(department, 'job-1', own);
      expect(badId.errors?.[0]?.extensions, department).toMatchObject({
        code: 'BAD_USER_INPUT',
        argumentName: 'id',
      });
      const missing = await readJob(department, '999999', own);
      expect(missing.errors, department).toBeUndefined();
      expect(missing.data!.job, department).toBeNull();
      const tooMany = await graphql(
        hub.gateway.url,
        `{ ${department}ImportJobs(first: 1000) { id } }`,
        undefined,
        own,
      );
      expect(tooMany.errors?.[0]?.extensions, department).toMatchObject({
        code: 'BAD_USER_INPUT',
        argumentName: 'first',
      });
    }
  });
});
