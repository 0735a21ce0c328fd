import type { InProcessHub } from '@cityhub/launcher';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from './support/database.js';
import { baseOf, followExport, startExport, type ExportStatus } from './support/export-jobs.js';
import { authHeaders, startTestHub } from './support/hub.js';
import { mostPopulousCommunity } from './support/communities.js';

// The community board of test/export.e2e.test.ts, and the same board a page at a time.
const BOARD = `query CommunityBoard($street: ID!) {
  street(code: $street) { code name
    communities(first: 500) { totalCount edges { node { code name residentCount
      healthCodeCounts { green yellow red } location { latitude longitude } } } } } }`;
const PAGED_BOARD = `query CommunityBoardPaged($street: ID!, $after: String) {
  street(code: $street) { code
    communities(first: 4, after: $after) { totalCount pageInfo { hasNextPage endCursor }
      edges { node { code name } } } } }`;
// Personal data: the residents of a community, a page at a time.
const RESIDENTS = `query CommunityResidents($code: ID!, $after: String) {
  community(code: $code) { code
    residents(first: 3, after: $after) { pageInfo { hasNextPage endCursor }
      edges { node { id name } } } } }`;
const STREET = '310104003';

const audit = testDatabase('audit');
const population = testDatabase('population');
let hub: InProcessHub;
const ids: Record<string, string> = {};
let apiKey = '';
let otherKey = '';

beforeAll(async () => {
  hub = await startTestHub(undefined, { exportJobs: { queueSchema: 'export_queue_jobs_test' } });
  const newKey = (name: string) =>
    hub.gateway.apiKeys!.create({
      name,
      department: 'big-data-centre',
      application: 'bi-board-jobs',
      scopes: [],
      registeredOperationsOnly: true,
      requestsPerMinute: 10_000,
    });
  ({ secret: apiKey } = await newKey('bi board jobs'));
  ({ secret: otherKey } = await newKey('another bi tool'));
  const registered = await hub.gateway.trustedDocuments!.register('bi-board-jobs', [
    BOARD,
    PAGED_BOARD,
    RESIDENTS,
  ]);
  for (const document of registered) ids[document.operationName!] = document.documentId;
}, 60_000);
afterAll(async () => {
  await hub?.stop();
  await Promise.all([audit.destroy(), population.destroy()]);
});

const key = (secret: string) => ({ 'x-api-key': secret });

/** Starts an export and follows it to its end; every status seen. */
async function exported(body: object, headers: Record<string, string>) {
  const started = await startExport(hub.gateway, body, headers);
  expect(started.status).toBe(202);
  const first = (await started.json()) as ExportStatus;
  expect(first.state).toBe('queued');
  expect(first.downloadUrl).toBeNull();
  return [first, ...(await followExport(hub.gateway, first.statusUrl, headers))];
}

const download = (status: ExportStatus, headers: Record<string, string>) =>
  fetch(`${baseOf(hub.gateway)}${status.downloadUrl}`, { headers });

describe('asynchronous CSV export jobs (POST /exports)', () => {
  it('runs the board in the background with progress; the download equals the streamed CSV', async () => {
    const variables = { street: STREET };
    const seen = await exported({ documentId: ids.CommunityBoard, variables }, key(apiKey));
    const done = seen.at(-1)!;
    expect(done.state).toBe('done');
    expect(done.expiresAt).not.toBeNull();
    const streamed = await fetch(
      `${baseOf(hub.gateway)}/export.csv?${new URLSearchParams({
        documentId: ids.CommunityBoard!,
        variables: JSON.stringify(variables),
      })}`,
      { headers: key(apiKey) },
    );
    const expected = await streamed.text();
    const response = await download(done, key(apiKey));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toContain('CommunityBoard.csv');
    const text = await response.text();
    expect(text).toBe(expected);
    const rows = parse(text, { bom: true }) as string[][];
    expect(rows.length - 1).toBeGreaterThan(10);
    expect(done.rowsDone).toBe(rows.length - 1);
    expect(done.rowsTotal).toBe(rows.length - 1);
  });

  it('pages through a document with $after, reporting rows done against the total', async () => {
    const seen = await exported(
      { documentId: ids.CommunityBoardPaged, variables: { street: STREET } },
      key(apiKey),
    );
    const done = seen.at(-1)!;
    const [header, ...rows] = parse(await (await download(done, key(apiKey))).text(), {
      bom: true,
    }) as string[][];
    const total = Number(rows[0]![header!.indexOf('street.communities.totalCount')]);
    const codes = rows.map((row) => row[header!.indexOf('street.communities.edges.node.code')]);
    expect(new Set(codes).size).toBe(total);
    expect(total).toBeGreaterThan(8); // more than two pages of four
    expect(done.rowsDone).toBe(total);
    // Progress was written page by page: a status in the middle, when one was caught, is partial.
    for (const status of seen.filter((s) => s.state === 'running')) {
      expect(status.rowsDone % 4).toBe(0);
      expect(status.rowsTotal).toBe(status.rowsDone === 0 ? null : total);
    }
  });

  it('reads personal data with the caller’s rights: unmasked for a stated purpose, audited before the download', async () => {
    const code = await mostPopulousCommunity(population, STREET);
    const headers = await authHeaders(
      { subject: 'export-residents', roles: ['street-official'], streets: [STREET] },
      'resident-services',
    );
    const done = (
      await exported({ documentId: ids.CommunityResidents, variables: { code } }, headers)
    ).at(-1)!;
    expect(done.state).toBe('done');
    const records = await audit('personal_data_reads').where({ caller_id: 'export-residents' });
    expect(records.length).toBe(done.rowsDone);
    expect(records.every((record) => record.access === 'unmasked')).toBe(true);
    const [header, ...rows] = parse(await (await download(done, headers)).text(), {
      bom: true,
    }) as string[][];
    const [id, name] = ['id', 'name'].map((f) =>
      header!.indexOf(`community.residents.edges.node.${f}`),
    );
    const names: Array<{ id: string; name: string }> = await population('residents')
      .select('id', 'name')
      .where('community_code', code);
    expect(rows.map((row) => [row[id!], row[name!]]).sort()).toEqual(
      names.map((person) => [person.id, person.name]).sort(),
    );
    // A key without the rights gets the operation's own refusal as a failed job, not a file.
    const refused = (
      await exported({ documentId: ids.CommunityResidents, variables: { code } }, key(apiKey))
    ).at(-1)!;
    expect(refused.state).toBe('failed');
    expect(refused.error!.code).toBe('FORBIDDEN');
    expect(refused.downloadUrl).toBeNull();
  });

  it('lets only the caller who started it see or download it', async () => {
    const done = (
      await exported({ documentId: ids.CommunityBoard, variables: { street: STREET } }, key(apiKey))
    ).at(-1)!;
    const other = await download(done, key(otherKey));
    expect(other.status).toBe(403);
    expect((await other.json()).errors[0].extensions.code).toBe('FORBIDDEN');
    const anonymous = await download(done, {});
    expect(anonymous.status).toBe(401);
    const status = await fetch(`${baseOf(hub.gateway)}${done.statusUrl}`, {
      headers: key(otherKey),
    });
    expect(status.status).toBe(404);
    const tampered = await download({ ...done, downloadUrl: `${done.downloadUrl}x` }, key(apiKey));
    expect(tampered.status).toBe(400);
    expect((await tampered.json()).errors[0].extensions.code).toBe('EXPORT_LINK_INVALID');
  });

  it('refuses bad input at once, naming the field', async () => {
    const refusal = async (body: unknown, headers: Record<string, string> = key(apiKey)) => {
      const response = await startExport(hub.gateway, body, headers);
      const { errors } = await response.json();
      return { status: response.status, ...errors[0].extensions };
    };
    expect(await refusal({ documentId: 'f'.repeat(64), variables: {} })).toMatchObject({
      status: 404,
      code: 'PERSISTED_QUERY_NOT_FOUND',
      problems: [{ field: 'documentId' }],
    });
    expect(await refusal({ documentId: 'nope' })).toMatchObject({
      status: 400,
      code: 'BAD_USER_INPUT',
      problems: [{ field: 'documentId' }],
    });
    expect(await refusal({ documentId: ids.CommunityBoard, variables: {} })).toMatchObject({
      status: 400,
      code: 'BAD_USER_INPUT',
      problems: [{ field: 'variables.street' }],
    });
    expect(
      await refusal({ documentId: ids.CommunityBoard, variables: { street: { not: 'an id' } } }),
    ).toMatchObject({
      status: 400,
      code: 'BAD_USER_INPUT',
      problems: [{ field: 'variables.street' }],
    });
    expect(await refusal({ documentId: ids.CommunityBoard, variables: [] })).toMatchObject({
      status: 400,
      problems: [{ field: 'variables' }],
    });
    expect(await refusal({ documentId: ids.CommunityBoard }, {})).toMatchObject({
      status: 401,
      code: 'UNAUTHENTICATED',
    });
  });
});
