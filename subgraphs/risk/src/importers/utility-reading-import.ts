import { cityDate } from '@cityhub/kit';
import {
  COUNT_CHANGED,
  divisionCodeField,
  monthField,
  numberField,
  requiredText,
  type ImportMapping,
} from '@cityhub/importer';

const STAGE = 'import_stage_utility_readings';
const READINGS = ['water_m3', 'electricity_kwh', 'gas_m3', 'deliveries'];

/**
 * A dwelling's monthly utility readings (water, electricity, gas, parcel deliveries) from the
 * utilities, which the group-rental check (群租房) compares with the people registered there.
 * Keyed by dwelling (community and address, as the housing register knows it) and month. File
 * fields: community_code, address, month (YYYY-MM, not after this month), water_m3,
 * electricity_kwh, gas_m3 (one decimal), deliveries.
 */
export function utilityReadingImport(): ImportMapping {
  return {
    kind: 'utility-readings',
    stagingTable: STAGE,
    columns: ['community_code', 'address', 'month', ...READINGS],
    key: ['community_code', 'address', 'month'],
    read(fields, problems) {
      const month = monthField(fields, 'month', problems);
      if (month && month > cityDate().slice(0, 7)) problems.add('month', 'is after this month');
      const values = [
        divisionCodeField(fields, 'community_code', problems, 'COMMUNITY'),
        requiredText(fields, 'address', problems, 200),
        month,
        numberField(fields, 'water_m3', problems, { min: 0, max: 9_999_999, decimals: 1 }),
        numberField(fields, 'electricity_kwh', problems, { min: 0, max: 99_999_999, decimals: 1 }),
        numberField(fields, 'gas_m3', problems, { min: 0, max: 9_999_999, decimals: 1 }),
        numberField(fields, 'deliveries', problems, { min: 0, max: 100_000 }),
      ];
      return problems.list.length > 0 ? null : (values as Array<string | number>);
    },
    setChecks: [
      {
        field: 'address',
        reason: 'is not a dwelling of the housing register in this community',
        rejectWhere: `NOT EXISTS (SELECT 1 FROM dwellings d
          WHERE d.community_code = s.community_code AND d.address = s.address)`,
      },
    ],
    merge: `WITH changed AS (
        INSERT INTO dwelling_readings AS r (dwelling_id, month, ${READINGS.join(', ')})
        SELECT d.id, s.month, ${READINGS.map((c) => `s.${c}`).join(', ')}
          FROM ${STAGE} s JOIN dwellings d ON d.community_code = s.community_code AND d.address = s.address
         WHERE s.job_id = :job ORDER BY d.id, s.month
        ON CONFLICT (dwelling_id, month) DO UPDATE SET
          ${READINGS.map((c) => `${c} = excluded.${c}`).join(', ')}
        WHERE (${READINGS.map((c) => `r.${c}`).join(', ')})
          IS DISTINCT FROM (${READINGS.map((c) => `excluded.${c}`).join(', ')})
        RETURNING (xmax = 0) AS inserted)
      ${COUNT_CHANGED}`,
  };
}
