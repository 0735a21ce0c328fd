import { CITY_DISTRICT_CODES } from '@cityhub/kit';
import { expect, it } from 'vitest';
import { describeMigrations } from '../../../test/support/department.js';
import { rowsByPartition, tableKind, tablesScanned } from '../../../test/support/partitions.js';
import { down, up } from '../src/migrations/20261130110000_snapshots_by_district.js';
import { subgraph } from '../src/index.js';

const SNAPSHOT_PARTITIONS = [
  ...CITY_DISTRICT_CODES.map((code) => `health_code_snapshots_${code}`),
  'health_code_snapshots_other',
];
const COMMUNITIES = ['3101040010001', '3101040020001', '3101050010001'];

const snapshot = (communityCode: string, date: string) => ({
  snapshot_date: date,
  community_code: communityCode,
  street_code: communityCode.slice(0, 9),
  district_code: communityCode.slice(0, 6),
  residents: 900,
  green: 890,
  yellow: 8,
  red: 2,
  source: 'COUNTED',
  taken_at: new Date(),
});

describeMigrations(
  subgraph,
  {
    tables: [
      'arrivals',
      'communities',
      'community_boundaries',
      'community_counts',
      'districts',
      'health_code_changes',
      'health_code_feed_rejections',
      'health_code_snapshots',
      ...SNAPSHOT_PARTITIONS,
      'health_registrations',
      'import_jobs',
      'import_rejections',
      'import_stage_residents',
      'key_region_changes',
      'key_regions',
      'origin_regions',
      'residents',
      'seed_runs',
      'streets',
    ].sort(),
  },
  (db) => {
    it('partitions the snapshots of an existing database by district and back, every row kept', async () => {
      await down(db());
      expect(await tableKind(db(), 'health_code_snapshots')).toBe('plain');
      const districts = [...new Set(COMMUNITIES.map((code) => code.slice(0, 6)))];
      await db()('districts').insert(districts.map((code) => ({ code, name: code })));
      await db()('streets').insert(
        [...new Set(COMMUNITIES.map((code) => code.slice(0, 9)))].map((code) => ({
          code,
          district_code: code.slice(0, 6),
          name: code,
          kind: 'STREET',
          latitude: 31.2,
          longitude: 121.4,
        })),
      );
      await db()('communities').insert(
        COMMUNITIES.map((code) => ({
          code,
          street_code: code.slice(0, 9),
          name: code,
          latitude: 31.2,
          longitude: 121.4,
        })),
      );
      await db()('health_code_snapshots').insert(
        ['2026-11-28', '2026-11-29'].flatMap((date) => COMMUNITIES.map((c) => snapshot(c, date))),
      );

      await up(db());
      expect(await tableKind(db(), 'health_code_snapshots')).toBe('partitioned');
      expect(await rowsByPartition(db(), 'health_code_snapshots')).toEqual({
        health_code_snapshots_310104: 4,
        health_code_snapshots_310105: 2,
      });
      // A district's trend line reads its own partition only.
      const series = db()('health_code_snapshots')
        .select('snapshot_date')
        .sum({ red: 'red' })
        .where({ district_code: '310105' })
        .whereBetween('snapshot_date', ['2026-11-28', '2026-11-29'])
        .groupBy('snapshot_date');
      expect(await tablesScanned(db(), series)).toEqual(['health_code_snapshots_310105']);

      await down(db());
      expect(await db()('health_code_snapshots').count({ n: '*' })).toEqual([{ n: 6 }]);
      await up(db());
      expect(await rowsByPartition(db(), 'health_code_snapshots')).toHaveProperty(
        'health_code_snapshots_310105',
        2,
      );
    });
  },
);
