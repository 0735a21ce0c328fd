import { randomBytes } from 'node:crypto';
import {
  asSchemaOwner,
  createDatabase,
  migrateUp,
  ownerRoleOf,
  runtimeRoleOf,
  type Database,
} from '@cityhub/kit';
import { loadSubgraphModules, migrateAndSeed, type SubgraphModule } from '@cityhub/launcher';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freshDatabase } from '../support/database.js';
import { ownersIn, silent } from '../support/owners.js';

/**
 * Database privileges, issue 14: each department's schema belongs to its own owner role, which
 * runs its migrations and may touch nothing else; its service runs as a runtime role with the rows
 * and no DDL. Checked on the run's database, migrated and seeded by the launcher like a real hub.
 */
const DEPARTMENTS = ['audit', 'enterprises', 'events', 'population', 'risk', 'sites', 'transport'];

let modules: SubgraphModule[];
const handles: Database[] = [];
function as(role: string | undefined, url = inject('databaseUrl')): Database {
  const db = createDatabase({ url, schema: 'population', poolMax: 1, role });
  handles.push(db);
  return db;
}
beforeAll(async () => {
  modules = await loadSubgraphModules();
});
afterAll(async () => {
  await Promise.all(handles.map((db) => db.destroy()));
});

describe("a department's schema", () => {
  it.each(DEPARTMENTS)(
    '%s: the schema and all its tables, sequences and functions belong to its owner role',
    async (department) => {
      const owners = await ownersIn(as(undefined), department);
      expect(Object.keys(owners)).toContain('knex_migrations');
      expect(Object.keys(owners).length).toBeGreaterThan(3);
      for (const [name, owner] of Object.entries(owners))
        expect({ name, owner }).toEqual({ name, owner: ownerRoleOf(department) });
    },
  );
});

describe("one department's owner role", () => {
  const population = () => as(ownerRoleOf('population'));

  it('creates, alters and drops in its own schema (the control)', async () => {
    await population().transaction(async (trx) => {
      await trx.raw('CREATE TABLE population.owners_probe (id int)');
      await trx.raw('ALTER TABLE population.owners_probe ADD COLUMN note text');
      // Tables created later are the runtime role's rows by default privileges.
      const [{ granted }] = (
        await trx.raw(
          `SELECT has_table_privilege(?, 'population.owners_probe', 'INSERT') AS granted`,
          [runtimeRoleOf('population')],
        )
      ).rows;
      expect(granted).toBe(true);
      await trx.raw('DROP TABLE population.owners_probe');
      await trx.rollback();
    });
  });

  it.each([
    ['create a table', 'CREATE TABLE enterprises.smuggled (id int)'],
    ['alter a table', 'ALTER TABLE enterprises.enterprises ADD COLUMN smuggled int'],
    ['drop a table', 'DROP TABLE enterprises.shop_staff'],
    [
      'replace a function',
      'CREATE OR REPLACE FUNCTION enterprises.smuggled() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$',
    ],
    ['read rows', 'SELECT * FROM enterprises.enterprises LIMIT 1'],
    ['drop the audit log', 'DROP TABLE audit.personal_data_reads'],
    ['create a schema of its own', 'CREATE SCHEMA smuggled'],
  ])("cannot %s in another department's schema", async (_what, statement) => {
    await expect(population().raw(statement)).rejects.toMatchObject({ code: '42501' });
  });

  it("cannot run another department's migrations", async () => {
    const enterprises = modules.find(({ subgraph }) => subgraph.name === 'enterprises')!;
    const db = createDatabase({
      url: inject('databaseUrl'),
      schema: 'enterprises',
      poolMax: 1,
      role: ownerRoleOf('population'),
    });
    handles.push(db);
    await expect(migrateUp(db, 'enterprises', enterprises.subgraph.migrations)).rejects.toThrow(
      /permission denied/,
    );
  });
});

describe("a department's runtime role", () => {
  const runtime = () => as(runtimeRoleOf('population'));

  it.each([
    ['create a table', 'CREATE TABLE population.smuggled (id int)'],
    ['alter a table', 'ALTER TABLE population.residents ADD COLUMN smuggled int'],
    ['drop a table', 'DROP TABLE population.arrivals'],
    ['create an index', 'CREATE INDEX smuggled ON population.residents (id)'],
    ['truncate a table', 'TRUNCATE population.arrivals'],
    [
      'replace a function',
      'CREATE OR REPLACE FUNCTION population.smuggled() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$',
    ],
  ])('cannot %s in its own schema', async (_what, statement) => {
    await expect(runtime().raw(statement)).rejects.toMatchObject({ code: '42501' });
  });

  it('reads and writes its rows (the control)', async () => {
    await runtime().transaction(async (trx) => {
      const [{ count }] = (await trx.raw('SELECT count(*) FROM population.communities')).rows;
      expect(count).toBeGreaterThan(0);
      await trx.raw('UPDATE population.communities SET name = name WHERE false');
      await trx.rollback();
    });
  });
});

describe('migrations under the owner roles', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    database = await freshDatabase();
  });
  afterAll(async () => database?.drop());

  it('take over a database migrated by the connecting user, and run again as a no-op', async () => {
    // A hub migrated before the owner roles: everything belongs to the connecting user.
    const population = modules.find(({ subgraph }) => subgraph.name === 'population')!;
    const legacy = createDatabase({ url: database.url, schema: 'population', poolMax: 1 });
    try {
      await migrateUp(legacy, 'population', population.subgraph.migrations);
      expect(Object.values(await ownersIn(legacy, 'population'))).not.toContain(
        ownerRoleOf('population'),
      );
    } finally {
      await legacy.destroy();
    }
    const prepare = () =>
      migrateAndSeed({
        modules,
        databaseUrlOf: () => database.url,
        hubDatabaseUrl: database.url,
        personIdKey: 'owners-test',
        logger: silent(),
      });
    await prepare();
    await prepare();
    const db = as(undefined, database.url);
    for (const department of DEPARTMENTS) {
      const owners = await ownersIn(db, department);
      expect(new Set(Object.values(owners))).toEqual(new Set([ownerRoleOf(department)]));
      const [{ n }] = (await db.raw(`SELECT count(*) AS n FROM ${department}.knex_migrations`))
        .rows;
      const listed = modules.find(({ subgraph }) => subgraph.name === department)!;
      expect(n).toBe(listed.subgraph.migrations.length);
    }
  });
});

describe('a connecting user that may not create roles', () => {
  const user = `cityhub_restricted_${randomBytes(4).toString('hex')}`;
  // The embedded server asks for a password (the machine's may trust loopback): give it one.
  const password = randomBytes(12).toString('hex');
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let admin: pg.Client;
  beforeAll(async () => {
    database = await freshDatabase();
    admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    await admin.query(`CREATE ROLE ${user} LOGIN NOCREATEROLE PASSWORD '${password}'`);
    await admin.query(
      `GRANT CREATE ON DATABASE ${new URL(database.url).pathname.slice(1)} TO ${user}`,
    );
  });
  afterAll(async () => {
    await admin?.end();
    await database?.drop();
    const server = new pg.Client({ connectionString: inject('serverUrl') });
    await server.connect();
    await server.query(`DROP ROLE IF EXISTS ${user}`);
    await server.end();
  });

  it('still migrates, as itself, and says so', async () => {
    const url = new URL(database.url);
    url.username = user;
    url.password = password;
    const logger = silent();
    const population = modules.find(({ subgraph }) => subgraph.name === 'population')!;
    const outcome = await asSchemaOwner(
      { url: url.toString(), schema: 'population', logger },
      (db) => migrateUp(db, 'population', population.subgraph.migrations),
    );
    expect(outcome.runtimeRole).toBeUndefined();
    expect(outcome.result).toHaveLength(population.subgraph.migrations.length);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.anything(),
      expect.stringMatching(/could not set up the department roles/),
    );
    const { rows } = await admin.query(
      `SELECT DISTINCT pg_get_userbyid(relowner) AS owner FROM pg_class
        WHERE relnamespace = 'population'::regnamespace AND relkind = 'r'`,
    );
    expect(rows).toEqual([{ owner: user }]);
  });
});
