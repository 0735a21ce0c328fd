import { parseResidentId, personIdFor, type CopyValue } from '@cityhub/kit';
import {
  divisionCodeField,
  enumField,
  mobilePhoneField,
  optionalInstantField,
  optionalText,
  requiredText,
  residentIdField,
  type ImportMapping,
} from '@cityhub/importer';
import { RESIDENT_COLUMN_NAMES } from '../repositories/resident-store.js';

const COLUMNS = RESIDENT_COLUMN_NAMES;

/**
 * Residents from the department's register. File fields: id_number, name, phone, origin_code,
 * community_code (empty for people not living in the district), address, health_code and, when
 * known, health_code_changed_at. Gender and birth date come from the ID number itself.
 */
export function residentImport(personIdKey: string): ImportMapping {
  return {
    kind: 'residents',
    stagingTable: 'import_stage_residents',
    columns: COLUMNS,
    key: 'id_number',
    read(fields, problems) {
      const idNumber = residentIdField(fields, 'id_number', problems);
      const name = requiredText(fields, 'name', problems, 64);
      const phone = mobilePhoneField(fields, 'phone', problems);
      const origin = divisionCodeField(fields, 'origin_code', problems, 'DISTRICT');
      const community = fields.community_code?.trim()
        ? divisionCodeField(fields, 'community_code', problems, 'COMMUNITY')
        : null;
      const address = optionalText(fields, 'address', problems, 200);
      if (community && !address) problems.add('address', 'is required with a community');
      const healthCode = enumField(fields, 'health_code', problems, ['GREEN', 'YELLOW', 'RED']);
      const changedAt = optionalInstantField(fields, 'health_code_changed_at', problems);
      if (problems.list.length > 0 || idNumber === undefined) return null;
      const { gender, birthDate } = parseResidentId(idNumber);
      const values: CopyValue[] = [
        personIdFor(idNumber, personIdKey),
        idNumber,
        name,
        gender,
        birthDate,
        phone,
        origin,
        community,
        community ? address : null,
        healthCode,
        changedAt,
      ];
      return values;
    },
    setChecks: [
      {
        field: 'community_code',
        reason: 'is not a community the hub knows',
        rejectWhere:
          's.community_code IS NOT NULL AND NOT EXISTS (SELECT 1 FROM communities c WHERE c.code = s.community_code)',
      },
    ],
    // The colour's time moves only when the colour does, unless the file says when it changed.
    merge: `WITH changed AS (
        INSERT INTO residents AS r (${COLUMNS.join(', ')})
        SELECT ${COLUMNS.slice(0, -1).join(', ')}, coalesce(health_code_changed_at, now())
          FROM import_stage_residents WHERE job_id = :job ORDER BY id_number
        ON CONFLICT (id_number) DO UPDATE SET name = excluded.name, phone = excluded.phone,
          origin_code = excluded.origin_code, community_code = excluded.community_code,
          address = excluded.address, health_code = excluded.health_code,
          health_code_changed_at = CASE
            WHEN r.health_code IS DISTINCT FROM excluded.health_code THEN excluded.health_code_changed_at
            ELSE r.health_code_changed_at END
        WHERE (r.name, r.phone, r.origin_code, r.community_code, r.address, r.health_code)
          IS DISTINCT FROM (excluded.name, excluded.phone, excluded.origin_code, excluded.community_code,
                            excluded.address, excluded.health_code)
        RETURNING (xmax = 0) AS inserted)
      SELECT count(*) FILTER (WHERE inserted)::int AS inserted,
             count(*) FILTER (WHERE NOT inserted)::int AS updated FROM changed`,
  };
}
