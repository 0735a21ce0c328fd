import { randomBytes } from 'node:crypto';
import { createDispatchSubgraph } from '@cityhub/dispatch';
import { DEFAULT_DISCLOSURE_RULE, publishedCount } from '@cityhub/kit';
import { loadSubgraphModules, type InProcessHub } from '@cityhub/launcher';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freshDatabase } from './support/database.js';
import { authHeaders, graphql, startTestHub, testCity } from './support/hub.js';
import { openWorkOrder, screenApiKey } from './support/screen-callers.js';
import { until } from './support/until.js';

// What the screen's work-order panel follows, without a browser (test/screen.e2e.test.ts shows
// the page doing it): an order's event reaches the stream of a caller with dispatch:read and not the
// aggregates-only viewer's, and the counts both get are published ones (withheld below 5, rounded
// to 5), fresh after each order: one order moves a street's figure only when it crosses a step.
let running: InProcessHub;
const hub = () => running;
let dispatchDatabase: Awaited<ReturnType<typeof freshDatabase>>;

// Dispatch keeps this test's orders in a database of its own: a wall open in another test file
// (a viewer, who gets no dispatch events) must not see its counts move meanwhile.
beforeAll(async () => {
  dispatchDatabase = await freshDatabase();
  const dispatch = createDispatchSubgraph({
    consumerName: `screen-orders-${randomBytes(4).toString('hex')}`,
  });
  const shared = inject('databaseUrl');
  running = await startTestHub(undefined, {
    modules: (await loadSubgraphModules()).map((module) =>
      module.entry.name === 'dispatch' ? { ...module, subgraph: dispatch as never } : module,
    ),
    databaseUrlOf: (name) => (name === 'dispatch' ? dispatchDatabase.url : shared),
    events: { pollMs: 200, databaseUrl: shared },
  });
}, 120_000);
afterAll(async () => {
  await running?.stop();
  await dispatchDatabase?.drop();
});
const STATS = `query ScreenWorkOrders($street: ID!) { street(code: $street) { workOrderStats { open } } }`;
const street = testCity().geography.streets[1]!.code;

/** The ids of the orders whose `dispatch.order_opened` the stream has given this caller so far. */
function openedOrdersSeenBy(headers: Record<string, string>) {
  const seen = new Set<string>();
  const aborted = new AbortController();
  const url = hub().gateway.url.replace(/\/graphql$/, '/events/stream?types=dispatch.order_opened');
  const response = fetch(url, { headers, signal: aborted.signal });
  const reading = response.then(async ({ body }) => {
    const reader = body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      const blocks = (buffer += read.value).split('\n\n');
      buffer = blocks.pop()!;
      for (const line of blocks.flatMap((block) => block.split('\n')))
        if (line.startsWith('data: ')) seen.add(JSON.parse(line.slice(6)).data.orderId);
    }
  });
  return {
    seen,
    status: response.then(({ status }) => status),
    stop: () => (aborted.abort(), reading.catch(() => undefined)),
  };
}

describe('the live work orders of the operations screen', () => {
  let key: Record<string, string>;
  let viewer: Record<string, string>;
  beforeAll(async () => {
    const secret = await screenApiKey(hub().gateway.url, 'operations-screen-orders', [
      'dispatch:read',
    ]);
    key = { 'x-api-key': secret };
    viewer = await authHeaders({ roles: ['viewer'] }, null);
  });

  it('streams an order opened through the API to a dispatch:read key and not to a viewer, and both see the street’s published count move', async () => {
    const keyStream = openedOrdersSeenBy(key);
    const viewerStream = openedOrdersSeenBy(viewer);
    const official = await authHeaders(
      { roles: ['street-official'], streets: [street], subject: 'screen-orders' },
      null,
    );
    const published = async (headers: Record<string, string>) =>
      (await graphql(hub().gateway.url, STATS, { street }, headers)).data!.street.workOrderStats
        .open as number | null;
    const exact = async () => (await published(await authHeaders())) as number;
    const first = await published(key);
    const rule = DEFAULT_DISCLOSURE_RULE;
    expect([await keyStream.status, await viewerStream.status]).toEqual([200, 200]);
    const ids: string[] = [];
    // Five more orders cross a step of 5 whatever the count was.
    for (let n = 0; n < 5; n++) {
      ids.push(await openWorkOrder(hub().gateway.url, official, street));
      await until(() => keyStream.seen.has(ids.at(-1)!));
      // What the key and the viewer are answered once the event is out: the order counted and
      // published, never an answer from before it (the hub's own intake may open orders meanwhile).
      const before = publishedCount(await exact(), rule);
      const [forKey, forViewer] = [await published(key), await published(viewer)];
      const after = publishedCount(await exact(), rule);
      expect([before, after]).toContain(forKey);
      expect([before, after]).toContain(forViewer);
    }
    expect(await published(key)).not.toBe(first);
    // The viewer's stream, served by the same events subgraph at the same time, got none of them.
    await Promise.all([keyStream.stop(), viewerStream.stop()]);
    expect(ids.every((id) => keyStream.seen.has(id))).toBe(true);
    expect(viewerStream.seen.size).toBe(0);
  });
});
