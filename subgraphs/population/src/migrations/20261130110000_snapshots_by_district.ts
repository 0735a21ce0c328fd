import {
  partitionByDistrict,
  unpartitionByDistrict,
  type DistrictPartitioning,
} from '@cityhub/kit';
import type { Knex } from 'knex';

export const name = '20261130110000_snapshots_by_district';

const COMMUNITY = 'FOREIGN KEY (community_code) REFERENCES communities (code)';

/**
 * Daily health-code snapshots partitioned by district: 10,806 rows a day at the city's size, read
 * by street or district (a trend line) or by community, all inside one district. The primary key
 * leads with the district, as unique as (snapshot_date, community_code) since a community lies in
 * one district; the (district_code, snapshot_date) index is its prefix and goes.
 */
export const SNAPSHOTS_BY_DISTRICT: DistrictPartitioning = {
  table: 'health_code_snapshots',
  partitioned: {
    primaryKey: ['district_code', 'snapshot_date', 'community_code'],
    indexes: [['street_code', 'snapshot_date']],
    foreignKeys: [COMMUNITY],
  },
  unpartitioned: {
    primaryKey: ['snapshot_date', 'community_code'],
    indexes: [
      ['street_code', 'snapshot_date'],
      ['district_code', 'snapshot_date'],
    ],
    foreignKeys: [COMMUNITY],
  },
};

export function up(db: Knex): Promise<void> {
  return partitionByDistrict(db, SNAPSHOTS_BY_DISTRICT);
}

export function down(db: Knex): Promise<void> {
  return unpartitionByDistrict(db, SNAPSHOTS_BY_DISTRICT);
}
