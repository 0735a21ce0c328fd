import type { Database } from '@cityhub/kit';
import type { RiskRunner } from '@cityhub/risk';
import { expect } from 'vitest';

/**
 * Runs the risk model for `date` and shows its highest-scored red community as blue again, as the
 * hub showed it before that run: the runner's next run turns it red, which is what the test follows.
 */
export async function communityAboutToTurnRed(
  risk: Database,
  runner: RiskRunner,
  date: string,
  startedBy: string,
): Promise<{ community: string; street: string }> {
  await runner.run(date, 'COMMAND_LINE', startedBy);
  const red = await risk('risk_assessments')
    .where({ assessed_on: date, level: 'RED' })
    .orderBy('score', 'desc')
    .first();
  expect(red, `a red community on ${date}`).toBeDefined();
  await risk('risk_assessments')
    .where({ assessed_on: date, community_code: red.community_code })
    .update({ level: 'BLUE' });
  return { community: red.community_code, street: red.street_code };
}
