import { importMigration } from '@cityhub/importer';

/** The department's import jobs and the staging table of utility-reading files. */
export const { name, up, down } = importMigration('20261130100100_imports', {
  import_stage_utility_readings: `community_code varchar(13) NOT NULL, address text NOT NULL, month varchar(7) NOT NULL,
     water_m3 numeric(8, 1) NOT NULL, electricity_kwh numeric(9, 1) NOT NULL,
     gas_m3 numeric(8, 1) NOT NULL, deliveries integer NOT NULL`,
});
