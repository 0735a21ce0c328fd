import { createHash } from 'node:crypto';
import {
  cityDate,
  dateProblem,
  feedInstant,
  feedResidentId,
  feedSourceId,
  personIdFor,
  streetOfCommunity,
  upperCased,
  type FeedDefinition,
} from '@cityhub/kit';
import { z } from 'zod';
import {
  CaseReportFeedStore,
  type CheckedCaseReport,
} from '../repositories/case-report-feed-store.js';

/** The health commission's case reports: subject `cityhub.feeds.risk.case-reports`. */
export const CASE_REPORT_FEED = 'risk.case-reports';

const KINDS = [
  'CONFIRMED',
  'SUSPECTED',
  'CLOSE_CONTACT',
  'HOME_QUARANTINE',
  'FEVER_CLINIC_VISIT',
] as const;

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/** A calendar date (YYYY-MM-DD); the report's date is not after the city's today. */
function dateField(notAfterToday: boolean) {
  return z.unknown().transform((value, context) => {
    const date = text(value);
    const problem = !date
      ? 'is required'
      : (dateProblem(date) ?? (notAfterToday && date > cityDate() ? 'is in the future' : null));
    if (problem) context.addIssue({ code: 'custom', message: problem });
    return date;
  });
}

/** A field the sender may leave out (or send as null). */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => value ?? undefined, schema.optional());

/** One case report as the health commission sends it, checked and keyed by its record id. */
function reportSchema(personIdKey: string) {
  return z
    .object({
      sourceId: optional(feedSourceId),
      recordId: z
        .string({ error: 'is required' })
        .regex(/^[\w.:-]{1,64}$/, { error: 'must be 1–64 letters, digits or . _ : -' }),
      idNumber: feedResidentId,
      kind: upperCased(z.enum(KINDS, { error: `must be one of ${KINDS.join(', ')}` })),
      reportedOn: dateField(true),
      // A quarantine's last day may lie ahead.
      endsOn: z.preprocess((value) => value || null, dateField(false).nullable()),
      communityCode: z
        .string({ error: 'must be a 13-digit community code' })
        .regex(/^\d{13}$/, { error: 'must be a 13-digit community code' }),
      changedAt: optional(feedInstant),
    })
    .refine((report) => !report.endsOn || report.endsOn >= report.reportedOn, {
      path: ['endsOn'],
      error: 'is before the report date',
    })
    .transform(({ sourceId, idNumber, changedAt, ...report }): CheckedCaseReport => ({
      ...report,
      // Without its own id a version is known by its content: the same report sent again
      // unchanged is a duplicate, a changed one is a new version.
      sourceId: sourceId ?? `${report.recordId}@${contentHash({ idNumber, ...report })}`,
      personId: personIdFor(idNumber, personIdKey),
      streetCode: streetOfCommunity(report.communityCode),
      // Without the source's time, the time it reached the hub: a later send wins.
      changedAt: changedAt ?? new Date().toISOString(),
    }));
}

function contentHash(content: object): string {
  return createHash('sha256').update(JSON.stringify(content)).digest('base64url').slice(0, 16);
}

/**
 * The health commission's case reports (病例报告), whichever way they come (the batch mutation,
 * NATS, MQTT): each version once by its source id, and per report (its record id) the newest
 * version by the source's time is the report; an older one is kept in the history only.
 */
export function caseReportFeed(personIdKey: string): FeedDefinition<CheckedCaseReport> {
  return {
    name: CASE_REPORT_FEED,
    schema: reportSchema(personIdKey),
    keyOf: (report) => report.recordId,
    timeOf: (report) => report.changedAt,
    rejectionsTable: 'case_report_feed_rejections',
    apply: (reports, trx, origin) => new CaseReportFeedStore(trx).record(reports, origin),
  };
}
