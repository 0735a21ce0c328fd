import type { Knex } from 'knex';

export const name = '20261122010300_sharded_registration_counts';

/**
 * One counts row per filing made concurrent registrations on the same code queue behind its row
 * lock until each commit. Each connection now counts into its own shard of the filing's counts
 * (by backend process), and readers add the shards up.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw(`
    ALTER TABLE registration_counts ADD COLUMN shard smallint NOT NULL DEFAULT 0;
    ALTER TABLE registration_counts DROP CONSTRAINT registration_counts_pkey;
    ALTER TABLE registration_counts ADD PRIMARY KEY (filing_id, shard);
    CREATE OR REPLACE FUNCTION count_registrations_added() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO registration_counts AS rc (filing_id, shard, pending, approved, rejected)
      SELECT filing_id, pg_backend_pid() % 16, count(*) FILTER (WHERE status = 'PENDING'), count(*) FILTER (WHERE status = 'APPROVED'), count(*) FILTER (WHERE status = 'REJECTED')
        FROM changed GROUP BY filing_id
      ON CONFLICT (filing_id, shard) DO UPDATE SET pending = rc.pending + excluded.pending,
        approved = rc.approved + excluded.approved, rejected = rc.rejected + excluded.rejected;
      RETURN NULL;
    END $$;
    CREATE OR REPLACE FUNCTION count_registrations_removed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO registration_counts AS rc (filing_id, shard, pending, approved, rejected)
      SELECT filing_id, pg_backend_pid() % 16, -count(*) FILTER (WHERE status = 'PENDING'), -count(*) FILTER (WHERE status = 'APPROVED'), -count(*) FILTER (WHERE status = 'REJECTED')
        FROM changed GROUP BY filing_id
      ON CONFLICT (filing_id, shard) DO UPDATE SET pending = rc.pending + excluded.pending,
        approved = rc.approved + excluded.approved, rejected = rc.rejected + excluded.rejected;
      RETURN NULL;
    END $$;
  `);
}

export async function down(db: Knex): Promise<void> {
  await db.raw(`
    CREATE TABLE registration_counts_whole AS
      SELECT filing_id, sum(pending)::int AS pending, sum(approved)::int AS approved, sum(rejected)::int AS rejected FROM registration_counts GROUP BY filing_id;
    DELETE FROM registration_counts;
    ALTER TABLE registration_counts DROP CONSTRAINT registration_counts_pkey;
    ALTER TABLE registration_counts DROP COLUMN shard;
    ALTER TABLE registration_counts ADD PRIMARY KEY (filing_id);
    INSERT INTO registration_counts SELECT filing_id, pending, approved, rejected FROM registration_counts_whole;
    DROP TABLE registration_counts_whole;
    CREATE OR REPLACE FUNCTION count_registrations_added() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO registration_counts AS rc (filing_id, pending, approved, rejected)
      SELECT filing_id, count(*) FILTER (WHERE status = 'PENDING'), count(*) FILTER (WHERE status = 'APPROVED'), count(*) FILTER (WHERE status = 'REJECTED')
        FROM changed GROUP BY filing_id
      ON CONFLICT (filing_id) DO UPDATE SET pending = rc.pending + excluded.pending,
        approved = rc.approved + excluded.approved, rejected = rc.rejected + excluded.rejected;
      RETURN NULL;
    END $$;
    CREATE OR REPLACE FUNCTION count_registrations_removed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE registration_counts rc SET pending = rc.pending - d.pending, approved = rc.approved - d.approved, rejected = rc.rejected - d.rejected
        FROM (SELECT filing_id, count(*) FILTER (WHERE status = 'PENDING') AS pending, count(*) FILTER (WHERE status = 'APPROVED') AS approved,
                     count(*) FILTER (WHERE status = 'REJECTED') AS rejected FROM changed GROUP BY filing_id) d
       WHERE rc.filing_id = d.filing_id;
      RETURN NULL;
    END $$;
  `);
}
