import { importMigration } from '@cityhub/importer';

/** The department's import jobs and the staging table of enterprise registry files. */
export const { name, up, down } = importMigration('20261130100100_imports', {
  import_stage_enterprises: `credit_code varchar(18) NOT NULL, name text NOT NULL, legal_rep_person_id varchar(22) NOT NULL,
     industry varchar(1) NOT NULL, street_code varchar(9) NOT NULL, status varchar(10) NOT NULL,
     employee_count integer NOT NULL, registered_on date NOT NULL`,
});
