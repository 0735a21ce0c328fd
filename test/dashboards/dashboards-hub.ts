import { shiftDate } from '@cityhub/kit';
import type { InProcessHub } from '@cityhub/launcher';
import type { GatewaySettings } from '@cityhub/risk';
import { afterAll, beforeAll } from 'vitest';
import { TEST_REFERENCE_DATE } from '../support/constants.js';
import { testDatabase } from '../support/database.js';
import { startHubWithRiskRuns } from '../support/risk-hub.js';

// The dashboards the issue names, each in one request through the gateway: the hub their tests
// share (test/dashboards.e2e.test.ts starts it; the modules here hold the tests).
export const risk = testDatabase('risk');
export const sites = testDatabase('sites');
export const population = testDatabase('population');
export const enterprises = testDatabase('enterprises');
let hub: InProcessHub | undefined;
/** The gateway's URL and how the risk department reaches it, once the hub is up. */
export let url = '';
export let gateway: () => GatewaySettings;
export const YESTERDAY = shiftDate(TEST_REFERENCE_DATE, -1);
// Days no other test file assesses, so their runs and ours never meet.
export const ASSESSED = [shiftDate(TEST_REFERENCE_DATE, -21), shiftDate(TEST_REFERENCE_DATE, -20)];

export type Counts = { green: number | null; yellow: number | null; red: number | null };

/** Starts the hub before the file's tests and stops it after them. */
export function useDashboardsHub(): void {
  beforeAll(async () => {
    const started = await startHubWithRiskRuns();
    hub = started.hub;
    gateway = started.gateway;
    url = started.hub.gateway.url;
  }, 60_000);
  afterAll(async () => {
    await hub?.stop();
    await risk.destroy();
    await sites.destroy();
    await population.destroy();
    await enterprises.destroy();
  });
}
