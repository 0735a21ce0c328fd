import {
  partitionByDistrict,
  unpartitionByDistrict,
  type DistrictPartitioning,
} from '@cityhub/kit';
import type { Knex } from 'knex';

export const name = '20261130110000_assessments_by_district';

const RUN = 'FOREIGN KEY (run_id) REFERENCES risk_runs (id)';

/**
 * Assessments partitioned by district: 10,806 rows a night at the city's size, read by district
 * (the map, the boards, a level's changes) or by community, whose code begins with its district,
 * so a read names one partition. The primary key leads with the district; a community lies in one
 * district, so it is as unique as (assessed_on, community_code) was. The (assessed_on,
 * district_code) index is the primary key's prefix within a partition and goes.
 */
export const ASSESSMENTS_BY_DISTRICT: DistrictPartitioning = {
  table: 'risk_assessments',
  partitioned: {
    primaryKey: ['district_code', 'assessed_on', 'community_code'],
    indexes: [
      ['assessed_on', 'street_code', 'level'],
      ['community_code', 'assessed_on'],
    ],
    foreignKeys: [RUN],
  },
  unpartitioned: {
    primaryKey: ['assessed_on', 'community_code'],
    indexes: [
      ['assessed_on', 'street_code', 'level'],
      ['assessed_on', 'district_code'],
      ['community_code', 'assessed_on'],
    ],
    foreignKeys: [RUN],
  },
};

export function up(db: Knex): Promise<void> {
  return partitionByDistrict(db, ASSESSMENTS_BY_DISTRICT);
}

export function down(db: Knex): Promise<void> {
  return unpartitionByDistrict(db, ASSESSMENTS_BY_DISTRICT);
}
