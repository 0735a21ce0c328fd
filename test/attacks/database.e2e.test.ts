import { createDatabase } from '@cityhub/kit';
import { describe, expect, inject, it } from 'vitest';
import { testDatabase } from '../support/database.js';
import { useTestHub } from '../support/hub.js';

/**
 * Database privileges: the audit log cannot be rewritten, whoever connects, and a department's
 * statements do not run on after the gateway has given up on them.
 */
const audit = testDatabase('audit');
const hub = useTestHub(audit);

describe('the audit log', () => {
  it('accepts INSERT but refuses UPDATE, DELETE and TRUNCATE', async () => {
    const [row] = await audit('personal_data_reads')
      .insert({
        read_at: new Date(),
        caller_kind: 'user',
        caller_id: 'attack-insert',
        department: 'test',
        purpose: 'guard test',
        operation: null,
        subgraph: 'population',
        person_id: 'attack-person',
        fields: ['Person.name'],
      })
      .returning('id');
    expect(row).toBeTruthy();
    await expect(
      audit('personal_data_reads')
        .where({ caller_id: 'attack-insert' })
        .update({ caller_id: 'someone-else' }),
    ).rejects.toThrow(/append-only: UPDATE/);
    await expect(
      audit('personal_data_reads').where({ caller_id: 'attack-insert' }).del(),
    ).rejects.toThrow(/append-only: DELETE/);
    await expect(audit.raw('TRUNCATE personal_data_reads')).rejects.toThrow(
      /append-only: TRUNCATE/,
    );
    expect(await audit('personal_data_reads').where({ caller_id: 'attack-insert' })).toHaveLength(
      1,
    );
  });
});

describe("a department's connection", () => {
  it("runs as the department's runtime role: its own rows, nobody else's, no DDL", async () => {
    const population = hub().subgraphs.get('population')!.db;
    const [{ current_user }] = (await population.raw('SELECT current_user')).rows;
    expect(current_user).toBe('cityhub_population_runtime');
    expect((await population.raw('SELECT count(*) FROM population.communities')).rows).toHaveLength(
      1,
    );
    await expect(
      population.raw('SELECT * FROM enterprises.enterprises LIMIT 1'),
    ).rejects.toMatchObject({ code: '42501' });
    await expect(
      population.raw('SELECT * FROM audit.personal_data_reads LIMIT 1'),
    ).rejects.toMatchObject({ code: '42501' });
    await expect(population.raw('CREATE TABLE population.smuggled (x int)')).rejects.toMatchObject({
      code: '42501',
    });
    await expect(population.raw('DELETE FROM population.knex_migrations')).rejects.toMatchObject({
      code: '42501',
    });
  });

  it("the audit department's own role may read and append its log, not change it", async () => {
    const auditRole = hub().subgraphs.get('audit')!.db;
    await expect(
      auditRole.raw("UPDATE audit.personal_data_reads SET purpose = 'x' WHERE false"),
    ).rejects.toMatchObject({ code: '42501' });
  });
});

describe("a department's statements", () => {
  it('are cancelled by PostgreSQL past the statement timeout', async () => {
    const population = hub().subgraphs.get('population')!.db;
    const [{ statement_timeout }] = (await population.raw('SHOW statement_timeout')).rows;
    expect(statement_timeout).toBe('30s');
    const short = createDatabase({
      url: inject('databaseUrl'),
      schema: 'population',
      statementTimeoutMs: 200,
    });
    try {
      await expect(short.raw('SELECT pg_sleep(2)')).rejects.toMatchObject({ code: '57014' });
    } finally {
      await short.destroy();
    }
  });
});
