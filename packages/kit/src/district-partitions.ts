import type { Knex } from 'knex';

/**
 * The city's districts (GB/T 2260), one partition each in a table partitioned by district. Codes
 * not listed (a district created later, an area outside the city) land in the `_other` partition,
 * so a write never fails for want of a partition; a new district gets its own partition by a
 * migration that detaches `_other`, creates it and moves its rows.
 */
export const CITY_DISTRICT_CODES = [
  '310101',
  '310104',
  '310105',
  '310106',
  '310107',
  '310109',
  '310110',
  '310112',
  '310113',
  '310114',
  '310115',
  '310116',
  '310117',
  '310118',
  '310120',
  '310151',
] as const;

/** The keys of a table, in one of its two shapes: as columns lists, the first being the primary key. */
export interface TableKeys {
  primaryKey: string[];
  indexes: string[][];
  /** Whole clauses, e.g. `FOREIGN KEY (run_id) REFERENCES risk_runs (id)`. */
  foreignKeys: string[];
}

/**
 * A table partitioned by `district_code` (LIST, a partition per district and `_other`): its keys
 * partitioned, where the primary key begins with district_code, and its keys before.
 */
export interface DistrictPartitioning {
  table: string;
  partitioned: TableKeys;
  unpartitioned: TableKeys;
}

const indexName = (table: string, columns: string[]) => `${table}_${columns.join('_')}_index`;

/** Same columns, defaults, NOT NULLs and CHECKs; rows copied; keys built after the copy. */
async function rebuild(
  db: Knex,
  table: string,
  keys: TableKeys,
  partitionBy: string | null,
): Promise<void> {
  const old = `${table}_before_rebuild`;
  await db.raw(`ALTER TABLE ?? RENAME TO ??`, [table, old]);
  await db.raw(
    `CREATE TABLE ?? (LIKE ?? INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED) ${partitionBy ?? ''}`,
    [table, old],
  );
  if (partitionBy) {
    for (const code of CITY_DISTRICT_CODES)
      await db.raw(`CREATE TABLE ?? PARTITION OF ?? FOR VALUES IN ('${code}')`, [
        `${table}_${code}`,
        table,
      ]);
    await db.raw('CREATE TABLE ?? PARTITION OF ?? DEFAULT', [`${table}_other`, table]);
  }
  await db.raw('INSERT INTO ?? SELECT * FROM ??', [table, old]);
  await db.raw('DROP TABLE ??', [old]);
  await db.raw(
    `ALTER TABLE ?? ADD CONSTRAINT ?? PRIMARY KEY (${keys.primaryKey.map(() => '??')})`,
    [table, `${table}_pkey`, ...keys.primaryKey],
  );
  for (const columns of keys.indexes)
    await db.raw(`CREATE INDEX ?? ON ?? (${columns.map(() => '??')})`, [
      indexName(table, columns),
      table,
      ...columns,
    ]);
  for (const foreignKey of keys.foreignKeys)
    await db.raw(`ALTER TABLE ?? ADD ${foreignKey}`, [table]);
  await db.raw('ANALYZE ??', [table]);
}

/**
 * Turns a table into one partitioned by district, keeping its rows: for an existing database as
 * for a new one (where it is empty). PostgreSQL wants the partition key in every unique key, so the
 * primary key begins with district_code; where the old key held a community code, whose first six
 * digits are the district, the new key is as unique as the old one.
 */
export function partitionByDistrict(db: Knex, spec: DistrictPartitioning): Promise<void> {
  return rebuild(db, spec.table, spec.partitioned, 'PARTITION BY LIST (district_code)');
}

/** The way back: one plain table with the keys it had, the rows of every partition in it. */
export function unpartitionByDistrict(db: Knex, spec: DistrictPartitioning): Promise<void> {
  return rebuild(db, spec.table, spec.unpartitioned, null);
}
