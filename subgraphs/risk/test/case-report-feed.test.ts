import { randomBytes } from 'node:crypto';
import { FeedIntake, createLogger, personIdFor } from '@cityhub/kit';
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/support/database.js';
import { testCity } from '../../../test/support/hub.js';
import { TEST_PERSON_ID_KEY } from '../../../test/support/constants.js';
import { caseReportFeed } from '../src/feeds/case-report-feed.js';

const db = testDatabase('risk');
afterAll(() => db.destroy());
const intake = new FeedIntake(
  db,
  caseReportFeed(TEST_PERSON_ID_KEY),
  createLogger('case-report-feed-test', 'silent'),
);
const origin = { channel: 'API' as const, recordedBy: 'user:case-system' };
const person = testCity().person(13);
const report = (recordId: string, extra: Record<string, unknown> = {}) => ({
  recordId,
  idNumber: person.idNumber,
  kind: 'CLOSE_CONTACT',
  reportedOn: '2026-11-20',
  communityCode: person.communityCode,
  ...extra,
});

describe('case reports on the feed machinery', () => {
  it('refuses bad reports one by one with field and reason and records the rest', async () => {
    const r = `cr-${randomBytes(3).toString('hex')}`;
    const receipt = await intake.record(
      [
        report(`${r}-1`),
        report('bad record id!'),
        report(`${r}-3`, { idNumber: '110105194912310020' }),
        report(`${r}-4`, { kind: 'FLU' }),
        report(`${r}-5`, { reportedOn: '2999-01-01' }),
        report(`${r}-6`, { endsOn: '2026-11-01' }),
        report(`${r}-7`, { communityCode: '3101' }),
        report(`${r}-8`, { changedAt: 'yesterday', sourceId: `${r}-s8` }),
        report(`${r}-9`, { endsOn: '2026-12-04', kind: 'home_quarantine' }),
      ],
      origin,
    );
    expect(receipt).toMatchObject({ applied: 2, superseded: 0, duplicates: 0, rejected: 7 });
    expect(receipt.rejections.map((x) => [x.index, x.sourceId, x.field, x.reason])).toEqual([
      [1, null, 'recordId', 'must be 1–64 letters, digits or . _ : -'],
      [2, null, 'idNumber', expect.any(String)],
      [3, null, 'kind', expect.stringMatching(/^must be one of CONFIRMED/)],
      [4, null, 'reportedOn', 'is in the future'],
      [5, null, 'endsOn', 'is before the report date'],
      [6, null, 'communityCode', 'must be a 13-digit community code'],
      [7, `${r}-s8`, 'changedAt', 'must be an ISO 8601 instant with an offset'],
    ]);
    const stored = await db('case_reports').where('record_id', `${r}-9`).first();
    expect(stored).toMatchObject({
      person_id: personIdFor(person.idNumber, TEST_PERSON_ID_KEY),
      kind: 'HOME_QUARANTINE',
      feed: 'API',
      recorded_by: 'user:case-system',
      street_code: person.communityCode.slice(0, 9),
    });
    const refused = await db('case_report_feed_rejections')
      .where({ recorded_by: 'user:case-system', field: 'changedAt' })
      .where('source_id', `${r}-s8`);
    expect(refused).toHaveLength(1);
  });

  it('keeps every version once by source id; per report the latest by the source time wins, whatever the order', async () => {
    const r = `cv-${randomBytes(3).toString('hex')}`;
    const at = (hour: number) => `2026-11-20T0${hour}:00:00+08:00`;
    const version = (n: number, hour: number, kind: string) =>
      report(r, { sourceId: `${r}-v${n}`, changedAt: at(hour), kind });
    // The newest version arrives first; an older one after it is history only.
    const first = await intake.record([version(3, 5, 'HOME_QUARANTINE')], origin);
    expect(first).toMatchObject({ applied: 1, superseded: 0 });
    const late = await intake.record(
      [version(1, 1, 'SUSPECTED'), version(2, 3, 'CONFIRMED'), version(3, 5, 'HOME_QUARANTINE')],
      { channel: 'NATS', recordedBy: 'nats:test' },
    );
    expect(late).toMatchObject({ applied: 0, superseded: 2, duplicates: 1, rejected: 0 });
    const current = await db('case_reports').where('record_id', r).first();
    expect(current).toMatchObject({ kind: 'HOME_QUARANTINE', source_id: `${r}-v3`, feed: 'API' });
    const history = await db('case_report_versions')
      .where('record_id', r)
      .orderBy('changed_at')
      .select('source_id', 'kind', 'feed', 'recorded_by');
    expect(history.map((h) => [h.source_id, h.kind, h.feed])).toEqual([
      [`${r}-v1`, 'SUSPECTED', 'NATS'],
      [`${r}-v2`, 'CONFIRMED', 'NATS'],
      [`${r}-v3`, 'HOME_QUARANTINE', 'API'],
    ]);
    // A newer version moves the report; within one batch the later of two wins.
    const newer = await intake.record(
      [version(5, 9, 'CONFIRMED'), version(4, 7, 'SUSPECTED')],
      origin,
    );
    expect(newer).toMatchObject({ applied: 1, superseded: 1 });
    expect(await db('case_reports').where('record_id', r).first()).toMatchObject({
      kind: 'CONFIRMED',
      source_id: `${r}-v5`,
    });
  });

  it('without a source id, the same report sent again is a duplicate and a changed one a new version', async () => {
    const r = `cn-${randomBytes(3).toString('hex')}`;
    expect(await intake.record([report(r)], origin)).toMatchObject({ applied: 1 });
    expect(await intake.record([report(r)], origin)).toMatchObject({ applied: 0, duplicates: 1 });
    const changed = await intake.record([report(r, { kind: 'SUSPECTED' })], origin);
    expect(changed).toMatchObject({ applied: 1, duplicates: 0 });
    expect((await db('case_reports').where('record_id', r).first()).kind).toBe('SUSPECTED');
    expect(await db('case_report_versions').where('record_id', r)).toHaveLength(2);
  });
});
