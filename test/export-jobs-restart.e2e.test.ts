import type { RunningGateway } from '@cityhub/gateway';
import type { InProcessHub } from '@cityhub/launcher';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from './support/database.js';
import {
  baseOf,
  followExport,
  startExport,
  startExportGateway,
  type ExportStatus,
} from './support/export-jobs.js';
import { authHeaders, startTestHub } from './support/hub.js';

// Two communities a page: a job of many pages, long enough to stop its gateway in the middle.
const PAGED_BOARD = `query CommunityBoardTwoByTwo($street: ID!, $after: String) {
  street(code: $street) { code
    communities(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor }
      edges { node { code name } } } } }`;
const QUEUE = {
  queueSchema: 'export_queue_restart_test',
  linkTtlSeconds: 3,
  cleanupCron: '* * * * *',
};

const gatewayDb = testDatabase('gateway');
let hub: InProcessHub;
let documentId = '';
const replicas: RunningGateway[] = [];

beforeAll(async () => {
  // The hub's own gateway runs no export jobs here: the replicas below do, one after the other.
  hub = await startTestHub();
  const [registered] = await hub.gateway.trustedDocuments!.register('restart-test', [PAGED_BOARD]);
  documentId = registered!.documentId;
}, 60_000);
afterAll(async () => {
  for (const replica of replicas) await replica.stop().catch(() => undefined);
  await hub?.stop();
  await gatewayDb.destroy();
});

async function replica(): Promise<RunningGateway> {
  const gateway = await startExportGateway(hub, QUEUE);
  replicas.push(gateway);
  return gateway;
}

describe('export jobs across gateway restarts, and their expiry', () => {
  let done: ExportStatus;
  let survivor: RunningGateway;
  const headers = () => authHeaders({ subject: 'export-restart' }, null);

  it('finishes a job whose gateway stopped in the middle, on the gateway started next', async () => {
    const first = await replica();
    const started = await startExport(
      first,
      { documentId, variables: { street: '310104003' } },
      await headers(),
    );
    expect(started.status).toBe(202);
    const { id, statusUrl } = (await started.json()) as ExportStatus;
    const partial = (
      await followExport(first, statusUrl, await headers(), (s) => s.rowsDone > 0)
    ).at(-1)!;
    expect(partial.state).toBe('running');
    await first.stop();
    const interrupted = await gatewayDb('export_jobs').where({ id }).first();
    expect(interrupted.state).toBe('queued');

    survivor = await replica();
    done = (await followExport(survivor, statusUrl, await headers())).at(-1)!;
    expect(done.state).toBe('done');
    const job = await gatewayDb('export_jobs').where({ id }).first();
    expect(job.attempts).toBe(2);
    const [header, ...rows] = parse(
      await (
        await fetch(`${baseOf(survivor)}${done.downloadUrl}`, { headers: await headers() })
      ).text(),
      { bom: true },
    ) as string[][];
    const codes = rows.map((row) => row[header!.indexOf('street.communities.edges.node.code')]);
    // Rerun from the start: every community once, none twice from the interrupted first run.
    expect(codes.length).toBe(Number(rows[0]![header!.indexOf('street.communities.totalCount')]));
    expect(new Set(codes).size).toBe(codes.length);
  }, 120_000);

  it('refuses a link once it has expired, and the scheduled pass removes the file', async () => {
    await new Promise((resolve) =>
      setTimeout(resolve, Date.parse(done.expiresAt!) - Date.now() + 500),
    );
    const response = await fetch(`${baseOf(survivor)}${done.downloadUrl}`, {
      headers: await headers(),
    });
    expect(response.status).toBe(410);
    const { errors } = await response.json();
    expect(errors[0].extensions.code).toBe('EXPORT_LINK_EXPIRED');
    expect(errors[0].message).toMatch(/expired/);
    const status = await (
      await fetch(`${baseOf(survivor)}${done.statusUrl}`, { headers: await headers() })
    ).json();
    expect(status.downloadUrl).toBeNull();
    // The pass runs every minute here (every five by default).
    const deadline = Date.now() + 150_000;
    while ((await gatewayDb('export_jobs').where({ id: done.id }).first()) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await gatewayDb('export_jobs').where({ id: done.id }).first()).toBeUndefined();
    expect(await gatewayDb('export_chunks').where({ job_id: done.id }).first()).toBeUndefined();
  }, 180_000);
});
