import { importMigration } from '@cityhub/importer';

/** The department's import jobs and the staging table of construction-site files. */
export const { name, up, down } = importMigration('20261130100100_imports', {
  import_stage_construction_sites: `id varchar(16) NOT NULL, name text NOT NULL, project text, status varchar(12) NOT NULL,
     address text NOT NULL, street_code varchar(9) NOT NULL, latitude double precision NOT NULL,
     longitude double precision NOT NULL, contractor_credit_code varchar(18)`,
});
