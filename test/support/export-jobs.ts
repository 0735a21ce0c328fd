import { startGateway, type RunningGateway } from '@cityhub/gateway';
import { createLogger } from '@cityhub/kit';
import type { InProcessHub } from '@cityhub/launcher';
import { expect, inject } from 'vitest';
import { TEST_JWT_SECRET } from './constants.js';
import { testKey } from './hub.js';

export interface ExportStatus {
  id: string;
  state: 'queued' | 'running' | 'done' | 'failed';
  rowsDone: number;
  rowsTotal: number | null;
  attempts?: number;
  error: { code: string; message: string } | null;
  expiresAt: string | null;
  statusUrl: string;
  downloadUrl: string | null;
}

/** The gateway's base address (without /graphql). */
export const baseOf = (gateway: Pick<RunningGateway, 'url'>) =>
  gateway.url.replace(/\/graphql$/, '');

/** POST /exports as the given caller; the raw response. */
export function startExport(
  gateway: Pick<RunningGateway, 'url'>,
  body: unknown,
  headers: Record<string, string>,
): Promise<Response> {
  return fetch(`${baseOf(gateway)}/exports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/** Polls the job's status until `until` holds; every status seen, in order. */
export async function followExport(
  gateway: Pick<RunningGateway, 'url'>,
  statusUrl: string,
  headers: Record<string, string>,
  until: (status: ExportStatus) => boolean = (status) =>
    status.state === 'done' || status.state === 'failed',
  timeoutMs = 60_000,
): Promise<ExportStatus[]> {
  const seen: ExportStatus[] = [];
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const response = await fetch(`${baseOf(gateway)}${statusUrl}`, { headers });
    expect(response.status).toBe(200);
    const status = (await response.json()) as ExportStatus;
    seen.push(status);
    if (until(status)) return seen;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`export not finished in ${timeoutMs} ms: ${JSON.stringify(seen.at(-1))}`);
}

/**
 * Another gateway replica on the test hub's subgraphs and database, with export jobs on the given
 * pg-boss schema (one per test file, so that no other file's gateway takes its jobs).
 */
export function startExportGateway(
  hub: InProcessHub,
  exportJobs: { queueSchema: string; linkTtlSeconds?: number; cleanupCron?: string },
): Promise<RunningGateway> {
  return startGateway({
    supergraph: hub.supergraphSdl,
    port: 0,
    host: '127.0.0.1',
    logger: createLogger('cityhub-test', 'silent'),
    jwtSecret: TEST_JWT_SECRET,
    identityPrivateKey: testKey('gateway'),
    databaseUrl: inject('databaseUrl'),
    exportJobs,
  });
}
