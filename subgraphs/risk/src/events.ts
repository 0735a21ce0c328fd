import { Outbox, hubEvent, type HubEvent } from '@cityhub/kit';
import type { NewAssessment } from './repositories/assessment-store.js';
import type { RiskLevel } from './managers/scoring.js';
import type { RaisedFlag } from './repositories/housing-store.js';
import type { DbGroupRentalFlagRow, DbRiskRunRow } from './repositories/rows.js';

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
    const from = previousLevels.get(assessment.communityCode);
    if (!from || from === assessment.level) return [];
    return [
      hubEvent(
        'risk.level_changed',
        { streetCode: assessment.streetCode, communityCode: assessment.communityCode },
        {
          communityCode: assessment.communityCode,
          from,
          to: assessment.level,
          score: assessment.score,
          runId: run.id,
          date: run.assessedOn,
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
        date: run.assessedOn,
        communities: assessments.length,
        levelChanges: changes.length,
      },
    ),
  ];
}

export function runFailedEvent(run: DbRiskRunRow, reason: string): HubEvent {
  return hubEvent('risk.run_failed', {}, { runId: run.id, date: run.assessedOn, reason });
}

/** Group-rental flags raised for the first time by a detection pass. */
export function flagsRaisedEvents(raised: RaisedFlag[]): HubEvent[] {
  return raised.map((flag) =>
    hubEvent(
      'risk.group_rental_flag_raised',
      { streetCode: flag.streetCode, communityCode: flag.communityCode },
      { flagId: flag.id, dwellingId: String(flag.dwellingId), month: flag.month },
    ),
  );
}

export function flagReviewedEvent(
  flag: DbGroupRentalFlagRow,
  outcome: 'CONFIRMED' | 'FALSE_ALARM',
): HubEvent {
  return hubEvent(
    'risk.group_rental_flag_reviewed',
    { streetCode: flag.streetCode, communityCode: flag.communityCode },
    { flagId: flag.id, dwellingId: String(flag.dwellingId), outcome },
  );
}
