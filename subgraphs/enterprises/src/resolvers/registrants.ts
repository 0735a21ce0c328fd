import type { DbRegistrantRow } from '../repositories/rows.js';

/** The fields a filing's registration and a shop's staff member share: one registrant row. */
export const registrantResolvers = {
  id: (row: DbRegistrantRow) => String(row.id),
  person: (row: DbRegistrantRow) => ({ id: row.personId }),
};
