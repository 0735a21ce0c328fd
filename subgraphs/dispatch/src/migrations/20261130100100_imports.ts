import { importMigration } from '@cityhub/importer';

/** The department's import jobs and the staging table of hotline-record files. */
export const { name, up, down } = importMigration('20261130100100_imports', {
  import_stage_hotline_calls: `call_id varchar(64) NOT NULL, category varchar(24) NOT NULL, priority varchar(8) NOT NULL,
     text text NOT NULL, street_code varchar(9) NOT NULL, community_code varchar(13),
     location text NOT NULL, caller_phone text NOT NULL, caller_name text`,
});
