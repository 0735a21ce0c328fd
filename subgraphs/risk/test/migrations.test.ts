import { CITY_DISTRICT_CODES } from '@cityhub/kit';
import { expect, it } from 'vitest';
import { describeMigrations } from '../../../test/support/department.js';
import { rowsByPartition, tableKind, tablesScanned } from '../../../test/support/partitions.js';
import { down, up } from '../src/migrations/20261130110000_assessments_by_district.js';
import { subgraph } from '../src/index.js';

const ASSESSMENT_PARTITIONS = [
  ...CITY_DISTRICT_CODES.map((code) => `risk_assessments_${code}`),
  'risk_assessments_other',
];

const assessment = (communityCode: string, runId: number) => ({
  assessed_on: '2026-11-29',
  community_code: communityCode,
  street_code: communityCode.slice(0, 9),
  district_code: communityCode.slice(0, 6),
  run_id: runId,
  model_version: 1,
  score: 12.5,
  level: 'BLUE',
  weight_covered: 1,
  resident_count: 800,
  contributions: '[]',
});

describeMigrations(
  subgraph,
  {
    tables: [
      'case_report_feed_rejections',
      'case_report_versions',
      'case_reports',
      'community_housing',
      'dwelling_readings',
      'dwellings',
      'enterprise_credit',
      'event_outbox',
      'group_rental_flags',
      'import_jobs',
      'import_rejections',
      'import_stage_utility_readings',
      'risk_assessments',
      'risk_models',
      'risk_runs',
      'seed_runs',
      'utility_reading_feed',
      'utility_reading_feed_rejections',
      ...ASSESSMENT_PARTITIONS,
    ].sort(),
  },
  (db) => {
    it('partitions the assessments of an existing database by district and back, every row kept', async () => {
      await down(db());
      expect(await tableKind(db(), 'risk_assessments')).toBe('plain');
      const [run] = await db()('risk_runs')
        .insert({
          assessed_on: '2026-11-29',
          model_version: 1,
          status: 'SUCCEEDED',
          trigger: 'COMMAND_LINE',
          started_by: 'migration test',
        })
        .returning('id');
      const codes = ['3101040010001', '3101040020001', '3101050010001', '3201020010001'];
      await db()('risk_assessments').insert(codes.map((code) => assessment(code, run.id)));

      await up(db());
      expect(await tableKind(db(), 'risk_assessments')).toBe('partitioned');
      expect(await rowsByPartition(db(), 'risk_assessments')).toEqual({
        risk_assessments_310104: 2,
        risk_assessments_310105: 1,
        // A district outside the list has a home too.
        risk_assessments_other: 1,
      });
      // The district map reads one partition: pruned at planning, not scanned and filtered.
      const map = db()('risk_assessments')
        .select('community_code', 'score', 'level')
        .where({ assessed_on: '2026-11-29', district_code: '310104' });
      expect(await tablesScanned(db(), map)).toEqual(['risk_assessments_310104']);
      await expect(
        db()('risk_assessments').insert(assessment('3101040010001', run.id)),
      ).rejects.toThrow(/duplicate key/);

      await down(db());
      expect(await tableKind(db(), 'risk_assessments')).toBe('plain');
      expect(await db()('risk_assessments').count({ n: '*' })).toEqual([{ n: 4 }]);
      await up(db());
      expect(await db()('risk_assessments').pluck('community_code')).toHaveLength(4);
    });
  },
);
