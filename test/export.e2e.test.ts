import type { InProcessHub } from '@cityhub/launcher';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub } from './support/hub.js';

// The community board as a BI tool registers it and pulls it as CSV with an API key.
const BOARD = `query CommunityBoard($street: ID!) {
  street(code: $street) { code name
    communities(first: 500) { totalCount edges { node { code name residentCount
      healthCodeCounts { green yellow red } location { latitude longitude } } } } } }`;
const COLUMNS = [
  'street.code',
  'street.name',
  'street.communities.totalCount',
  'street.communities.edges.node.code',
  'street.communities.edges.node.name',
  'street.communities.edges.node.residentCount',
  'street.communities.edges.node.healthCodeCounts.green',
  'street.communities.edges.node.healthCodeCounts.yellow',
  'street.communities.edges.node.healthCodeCounts.red',
  'street.communities.edges.node.location.latitude',
  'street.communities.edges.node.location.longitude',
];

let hub: InProcessHub;
let exportUrl = '';
let documentId = '';
let apiKey = '';

beforeAll(async () => {
  hub = await startTestHub();
  exportUrl = hub.gateway.url.replace(/\/graphql$/, '/export.csv');
  const { key, secret } = await hub.gateway.apiKeys!.create({
    name: 'bi board',
    department: 'big-data-centre',
    application: 'bi-board',
    scopes: [],
    registeredOperationsOnly: true,
    requestsPerMinute: 10_000,
  });
  apiKey = secret;
  const [registered] = await hub.gateway.trustedDocuments!.register(key.application, [BOARD]);
  documentId = registered!.documentId;
}, 60_000);
afterAll(async () => hub?.stop());

const exported = (id: string, variables: object, headers: Record<string, string>) =>
  fetch(
    `${exportUrl}?${new URLSearchParams({ documentId: id, variables: JSON.stringify(variables) })}`,
    {
      headers,
    },
  );

describe('CSV export of a registered operation', () => {
  it('gives the community board as CSV with a header row in the document’s order', async () => {
    const response = await exported(documentId, { street: '310104003' }, { 'x-api-key': apiKey });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toContain('CommunityBoard.csv');
    const text = await response.text();
    const [header, ...rows] = parse(text, { bom: true }) as string[][];
    expect(header).toEqual(COLUMNS);
    const total = Number(rows[0]![2]);
    expect(rows).toHaveLength(total);
    expect(total).toBeGreaterThan(10);
    for (const row of rows) {
      expect(row).toHaveLength(COLUMNS.length);
      expect(row[0]).toBe('310104003');
      expect(row[3]).toMatch(/^310104003\d{4}$/);
      // Published as to anyone without personal-data rights: empty (withheld) or a multiple of 5.
      for (const count of row.slice(5, 9))
        expect(count === '' || Number(count) % 5 === 0).toBe(true);
      expect(Number(row[9])).toBeGreaterThan(30);
    }
  });

  it('refuses an unknown document and passes on the operation’s own refusals', async () => {
    const unknown = await exported('0'.repeat(64), {}, { 'x-api-key': apiKey });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const badKey = await exported(documentId, { street: '310104003' }, { 'x-api-key': 'chk_x_y' });
    expect(badKey.status).toBe(401);
    const badInput = await exported(documentId, {}, { 'x-api-key': apiKey });
    expect(badInput.status).toBeGreaterThanOrEqual(400);
    expect((await badInput.json()).errors.length).toBeGreaterThan(0);
  });
});
