import { importMigration } from '@cityhub/importer';

/** The department's import jobs and the staging tables of station schedules and checkpoints. */
export const { name, up, down } = importMigration('20261130100100_imports', {
  import_stage_schedules: `station_code varchar(8) NOT NULL, train_number varchar(12) NOT NULL, service_date date NOT NULL,
     origin_code varchar(6) NOT NULL, scheduled_at timestamptz NOT NULL, actual_at timestamptz,
     ticketed_passengers integer NOT NULL`,
  import_stage_checkpoints: `code varchar(10) NOT NULL, name text NOT NULL, road text NOT NULL, street_code varchar(9) NOT NULL,
     latitude double precision NOT NULL, longitude double precision NOT NULL`,
});
