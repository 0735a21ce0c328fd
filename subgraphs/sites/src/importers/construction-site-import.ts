import {
  creditCodeField,
  divisionCodeField,
  enumField,
  numberField,
  optional,
  optionalText,
  patternField,
  requiredText,
  upsertStatement,
  type ImportMapping,
} from '@cityhub/importer';
import { SITE_COLUMNS } from '../repositories/site-store.js';

// A site's columns but its kind (always CONSTRUCTION here) and capacity (a venue's only).
const COLUMNS = SITE_COLUMNS.filter((column) => column !== 'kind' && column !== 'capacity');
const STAGE = 'import_stage_construction_sites';

/**
 * Construction sites from the construction commission's register, keyed by the site id. File
 * fields: id, name, project (optional), status (ACTIVE, SUSPENDED, CLOSED), address, street_code,
 * latitude, longitude, contractor_credit_code (GB 32100, optional). Venues (markets, malls,
 * station halls) are not loaded this way: an id that names one is refused.
 */
export function constructionSiteImport(): ImportMapping {
  return {
    kind: 'construction-sites',
    stagingTable: STAGE,
    columns: COLUMNS,
    key: 'id',
    read(fields, problems) {
      const values = [
        patternField(
          fields,
          'id',
          problems,
          /^[A-Z0-9-]{1,16}$/,
          'must be 1 to 16 letters, digits or hyphens',
        ),
        requiredText(fields, 'name', problems, 200),
        optionalText(fields, 'project', problems, 200),
        enumField(fields, 'status', problems, ['ACTIVE', 'SUSPENDED', 'CLOSED']),
        requiredText(fields, 'address', problems, 200),
        divisionCodeField(fields, 'street_code', problems, 'STREET'),
        numberField(fields, 'latitude', problems, { min: -90, max: 90, decimals: 7 }),
        numberField(fields, 'longitude', problems, { min: -180, max: 180, decimals: 7 }),
        optional(fields, 'contractor_credit_code', problems, creditCodeField),
      ];
      return problems.list.length > 0 ? null : (values as Array<string | number | null>);
    },
    setChecks: [
      {
        field: 'id',
        reason: 'names a venue, not a construction site',
        rejectWhere: `EXISTS (SELECT 1 FROM sites t WHERE t.id = s.id AND t.kind <> 'CONSTRUCTION')`,
      },
    ],
    merge: upsertStatement({
      table: 'sites',
      stagingTable: STAGE,
      columns: COLUMNS,
      key: 'id',
      fixed: { kind: `'CONSTRUCTION'` },
    }),
  };
}
