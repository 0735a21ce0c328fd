import { shiftDate } from '@cityhub/kit';
import type { InProcessHub } from '@cityhub/launcher';
import type { GatewaySettings } from '@cityhub/risk';
import { afterAll, beforeAll } from 'vitest';
import { TEST_REFERENCE_DATE } from '../support/constants.js';
import { testDatabase } from '../support/database.js';
import { startHubWithRiskRuns } from '../support/risk-hub.js';

export const risk = testDatabase('risk');
export let hub: InProcessHub;
export let gatewayUrl = '';
export let gateway: () => GatewaySettings;
// The day before the test city's "today": the day its case reports describe.
export const DATE = shiftDate(TEST_REFERENCE_DATE, -1);

beforeAll(async () => {
  ({ hub, gateway } = await startHubWithRiskRuns());
  gatewayUrl = hub.gateway.url;
}, 60_000);
afterAll(async () => {
  await hub?.stop();
  await risk.destroy();
});

export async function scoresOn(date: string): Promise<Map<string, number>> {
  const rows = await risk('risk_assessments')
    .select('community_code', 'score')
    .where({ assessed_on: date });
  return new Map(
    rows.map((row: { community_code: string; score: number }) => [
      row.community_code,
      Number(row.score),
    ]),
  );
}
