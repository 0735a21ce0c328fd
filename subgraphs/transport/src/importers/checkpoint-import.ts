import {
  divisionCodeField,
  numberField,
  patternField,
  requiredText,
  upsertStatement,
  type ImportMapping,
} from '@cityhub/importer';

const COLUMNS = ['code', 'name', 'road', 'street_code', 'latitude', 'longitude'];
const STAGE = 'import_stage_checkpoints';

/**
 * Traffic checkpoints (交通卡口) from the traffic police's register, keyed by code. File fields:
 * code (e.g. XH-KK01), name, road, street_code, latitude, longitude.
 */
export function checkpointImport(): ImportMapping {
  return {
    kind: 'checkpoints',
    stagingTable: STAGE,
    columns: COLUMNS,
    key: 'code',
    read(fields, problems) {
      const values = [
        patternField(
          fields,
          'code',
          problems,
          /^[A-Z0-9-]{1,10}$/,
          'must be 1 to 10 letters, digits or hyphens',
        ),
        requiredText(fields, 'name', problems, 100),
        requiredText(fields, 'road', problems, 100),
        divisionCodeField(fields, 'street_code', problems, 'STREET'),
        numberField(fields, 'latitude', problems, { min: -90, max: 90, decimals: 7 }),
        numberField(fields, 'longitude', problems, { min: -180, max: 180, decimals: 7 }),
      ];
      return problems.list.length > 0 ? null : (values as Array<string | number>);
    },
    merge: upsertStatement({
      table: 'checkpoints',
      stagingTable: STAGE,
      columns: COLUMNS,
      key: 'code',
    }),
  };
}
