import type { Knex } from 'knex';

export const name = '20261122000200_residents';

/**
 * Residents and their arrivals, and `community_counts`: residents by health-code colour per
 * community, kept by statement-level triggers so that dashboards never count a million rows and a
 * bulk COPY updates the counts once per batch, not once per row.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('residents', (t) => {
    t.string('id', 22).primary();
    t.string('id_number', 18).notNullable().unique();
    t.text('name').notNullable();
    t.string('gender', 6).notNullable().checkIn(['MALE', 'FEMALE']);
    t.date('birth_date').notNullable();
    t.string('phone', 20).notNullable();
    t.string('origin_code', 6).notNullable();
    t.string('community_code', 13).references('code').inTable('communities');
    t.text('address');
    t.string('health_code', 6).notNullable().checkIn(['GREEN', 'YELLOW', 'RED']);
    t.timestamp('health_code_changed_at', { useTz: true }).notNullable();
    t.index(['community_code']);
  });
  await db.schema.createTable('arrivals', (t) => {
    t.bigIncrements('id');
    t.string('person_id', 22)
      .notNullable()
      .references('id')
      .inTable('residents')
      .onDelete('CASCADE');
    t.date('arrived_on').notNullable();
    t.string('from_code', 6).notNullable();
    t.string('channel', 6).notNullable().checkIn(['RAIL', 'ROAD', 'AIR', 'WATER']);
    t.string('community_code', 13).notNullable();
    t.string('street_code', 9).notNullable();
    t.unique(['person_id', 'arrived_on']);
    t.index(['arrived_on', 'id']);
    t.index(['street_code', 'arrived_on']);
    t.index(['community_code', 'arrived_on']);
  });
  await db.schema.createTable('community_counts', (t) => {
    t.string('community_code', 13).primary().references('code').inTable('communities');
    t.integer('residents').notNullable().defaultTo(0);
    t.integer('green').notNullable().defaultTo(0);
    t.integer('yellow').notNullable().defaultTo(0);
    t.integer('red').notNullable().defaultTo(0);
  });
  await db.raw(`

    CREATE FUNCTION count_residents_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO community_counts AS cc (community_code, residents, green, yellow, red)
      SELECT community_code, count(*), count(*) FILTER (WHERE health_code = 'GREEN'),
             count(*) FILTER (WHERE health_code = 'YELLOW'), count(*) FILTER (WHERE health_code = 'RED')
        FROM changed WHERE community_code IS NOT NULL GROUP BY community_code
      ON CONFLICT (community_code) DO UPDATE SET residents = cc.residents + excluded.residents,
        green = cc.green + excluded.green, yellow = cc.yellow + excluded.yellow, red = cc.red + excluded.red;
      RETURN NULL;
    END $$;

    CREATE FUNCTION count_residents_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE community_counts cc SET residents = cc.residents - d.residents, green = cc.green - d.green,
             yellow = cc.yellow - d.yellow, red = cc.red - d.red
        FROM (SELECT community_code, count(*) AS residents, count(*) FILTER (WHERE health_code = 'GREEN') AS green,
                     count(*) FILTER (WHERE health_code = 'YELLOW') AS yellow, count(*) FILTER (WHERE health_code = 'RED') AS red
                FROM changed WHERE community_code IS NOT NULL GROUP BY community_code) d
       WHERE cc.community_code = d.community_code;
      RETURN NULL;
    END $$;

    CREATE TRIGGER residents_counted_on_insert AFTER INSERT ON residents
      REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION count_residents_inserted();
    CREATE TRIGGER residents_counted_on_delete AFTER DELETE ON residents
      REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION count_residents_deleted();
    -- An update is counted as the old rows leaving and the new rows arriving.
    CREATE TRIGGER residents_uncounted_on_update AFTER UPDATE ON residents
      REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION count_residents_deleted();
    CREATE TRIGGER residents_recounted_on_update AFTER UPDATE ON residents
      REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION count_residents_inserted();
  `);
  await db.schema.createTable('seed_runs', (t) => {
    t.text('preset').primary();
    t.integer('seed').notNullable();
    t.date('reference_date').notNullable();
    t.integer('residents_total').notNullable();
    t.integer('residents_done').notNullable().defaultTo(0);
    t.timestamp('finished_at', { useTz: true });
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('seed_runs');
  await db.schema.dropTable('community_counts');
  await db.schema.dropTable('arrivals');
  await db.schema.dropTable('residents');
  await db.raw(
    'DROP FUNCTION count_residents_inserted(); DROP FUNCTION count_residents_deleted();',
  );
}
