import type { InProcessHub } from '@cityhub/launcher';
import { afterAll, beforeAll } from 'vitest';
import { authHeaders, startTestHub, testCity } from '../../support/hub.js';

/**
 * What a client sees when part of the hub is down or its request is wrong: its own mistakes as
 * 400 with a code, one department's outage as null fields of that department only, each error
 * with a path, and a readiness that says which part is down.
 */
export let hub: InProcessHub;
export let headers: Record<string, string>;
beforeAll(async () => {
  hub = await startTestHub();
  headers = await authHeaders();
});
afterAll(async () => hub?.stop());

export const someone = testCity().person(7);
export const codes = (response: { errors?: Array<{ extensions?: Record<string, unknown> }> }) =>
  response.errors?.map((error) => error.extensions?.code);

export async function getJson(url: string): Promise<{ status: number; body: any }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.json() };
}

/** Takes a subgraph off the network (connections refused), as a killed process would be. */
export async function takeDown(name: string): Promise<() => Promise<void>> {
  const running = hub.subgraphs.get(name)!;
  await new Promise<void>((resolve) => {
    running.httpServer.close(() => resolve());
    running.httpServer.closeAllConnections();
  });
  return () =>
    new Promise<void>((resolve) => running.httpServer.listen(running.port, '127.0.0.1', resolve));
}
