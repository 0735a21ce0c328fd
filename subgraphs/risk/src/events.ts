import { Outbox, hubEvent, type HubEvent } from '@cityhub/kit';
import type { NewAssessment } from './repositories/assessment-store.js';
import type { RiskLevel } from './model/scoring.js';
import type { DbRiskRunRow } from './repositories/rows.js';

/** The risk department's outbox (risk.event_outbox), written in the transaction of each change. */
export const riskOutbox = new Outbox('risk');

/**
 * A community whose level differs from the one the hub showed before this run (the latest day
 * assessed up to the run's date, the same day when rerun). A community never assessed before
 * has no "from": the first run after an install announces the run, not 957 changes.
 */
export function runFinishedEvents(
  run: DbRiskRunRow,
  assessments: NewAssessment[],
  previousLevels: Map<string, RiskLevel>,
): HubEvent[] {
  const changes = assessments.flatMap((assessment) => {
    const from = previousLevels.get(assessment.community_code);
    if (!from || from === assessment.level) return [];
    return [
      hubEvent(
        'risk.level_changed',
        { streetCode: assessment.street_code, communityCode: assessment.community_code },
        {
          communityCode: assessment.community_code,
          from,
          to: assessment.level,
          score: assessment.score,
          runId: run.id,
          date: run.assessed_on,
        },
      ),
    ];
  });
  return [
    ...changes,
    hubEvent(
      'risk.run_finished',
      {},
      {
        runId: run.id,
        date: run.assessed_on,
        communities: assessments.length,
        levelChanges: changes.length,
      },
    ),
  ];
}

export function runFailedEvent(run: DbRiskRunRow, reason: string): HubEvent {
  return hubEvent('risk.run_failed', {}, { runId: run.id, date: run.assessed_on, reason });
}
