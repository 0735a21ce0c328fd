import { cityDate, personIdFor } from '@cityhub/kit';
import {
  creditCodeField,
  dateField,
  divisionCodeField,
  enumField,
  numberField,
  requiredText,
  residentIdField,
  upsertStatement,
  type ImportMapping,
} from '@cityhub/importer';
import { ENTERPRISE_COLUMNS } from '../seed/seed-enterprises.js';

const COLUMNS = ENTERPRISE_COLUMNS;
// GB/T 4754 has twenty sections, A to T, as the registry's own filter accepts.
const INDUSTRIES = [...'ABCDEFGHIJKLMNOPQRST'];
const STATUSES = ['OPERATING', 'SUSPENDED', 'CLOSED'] as const;

/**
 * Enterprises from the market regulator's register, keyed by the GB 32100 credit code. File fields:
 * credit_code, name, legal_rep_id_number (GB 11643; kept only as the hub's person id), industry
 * (GB/T 4754 section, A to T), street_code (the street of its address), status (OPERATING,
 * SUSPENDED, CLOSED), employee_count, registered_on (YYYY-MM-DD, not in the future).
 */
export function enterpriseImport(personIdKey: string): ImportMapping {
  return {
    kind: 'enterprises',
    stagingTable: 'import_stage_enterprises',
    columns: COLUMNS,
    key: 'credit_code',
    read(fields, problems) {
      const creditCode = creditCodeField(fields, 'credit_code', problems);
      const name = requiredText(fields, 'name', problems, 200);
      const legalRep = residentIdField(fields, 'legal_rep_id_number', problems);
      const industry = enumField(fields, 'industry', problems, INDUSTRIES);
      const street = divisionCodeField(fields, 'street_code', problems, 'STREET');
      const status = enumField(fields, 'status', problems, STATUSES);
      const employees = numberField(fields, 'employee_count', problems, { min: 0, max: 1_000_000 });
      const registeredOn = dateField(fields, 'registered_on', problems);
      if (registeredOn && registeredOn > cityDate())
        problems.add('registered_on', 'is in the future');
      if (problems.list.length > 0) return null;
      return [
        creditCode!,
        name!,
        personIdFor(legalRep!, personIdKey),
        industry!,
        street!,
        status!,
        employees!,
        registeredOn!,
      ];
    },
    merge: upsertStatement({
      table: 'enterprises',
      stagingTable: 'import_stage_enterprises',
      columns: COLUMNS,
      key: 'credit_code',
    }),
  };
}
