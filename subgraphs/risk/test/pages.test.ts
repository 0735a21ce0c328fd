import { randomBytes } from 'node:crypto';
import { FeedIntake, connectionFrom } from '@cityhub/kit';
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/support/database.js';
import { testCaller, testCity } from '../../../test/support/hub.js';
import { caseReportFeed } from '../src/feeds/case-report-feed.js';
import { CaseReportManager } from '../src/managers/case-report-manager.js';
import { CaseReportStore } from '../src/repositories/case-report-store.js';

const db = testDatabase('risk');
afterAll(() => db.destroy());

describe('keyset pages', () => {
  it('pages case reports newest first through their "date/id" cursors, each report once', async () => {
    const person = testCity().person(5);
    const communityCode = `310104999${String(randomBytes(2).readUInt16BE() % 10_000).padStart(4, '0')}`;
    const run = randomBytes(4).toString('hex');
    const manager = new CaseReportManager(new CaseReportStore(db), testCaller());
    const days = ['2026-11-18', '2026-11-20', '2026-11-20', '2026-11-19'];
    await new FeedIntake(db, caseReportFeed('test-key')).record(
      days.map((reportedOn, i) => ({
        recordId: `pages-${run}-${i}`,
        idNumber: person.idNumber,
        kind: 'CLOSE_CONTACT',
        reportedOn,
        communityCode,
      })),
      { channel: 'API', recordedBy: 'test' },
    );
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 3; pages++) {
      const list = manager.list({
        from: '2026-11-01',
        to: '2026-11-30',
        communityCode,
        first: 3,
        after,
      });
      const { edges, pageInfo } = connectionFrom(
        await list.rows(),
        list,
        (row) => `${row.reportedOn}/${row.id}`,
      );
      seen.push(...edges.map((edge) => edge.node.reportedOn));
      expect(await list.total()).toBe(4);
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
    expect(seen).toEqual(['2026-11-20', '2026-11-20', '2026-11-19', '2026-11-18']);
  });
});
