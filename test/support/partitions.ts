import type { Database } from '@cityhub/kit';
import type { Knex } from 'knex';

/** How many rows each partition of a table holds, by partition name (empty ones left out). */
export async function rowsByPartition(
  db: Database,
  table: string,
): Promise<Record<string, number>> {
  const { rows } = await db.raw<{ rows: Array<{ partition: string; rows: number }> }>(
    `SELECT tableoid::regclass::text AS partition, count(*)::int AS rows FROM ?? GROUP BY 1 ORDER BY 1`,
    [table],
  );
  return Object.fromEntries(rows.map((row) => [row.partition.replace(/^.*\./, ''), row.rows]));
}

/** The tables a statement's plan reads (EXPLAIN, not run): pruned partitions are not among them. */
export async function tablesScanned(db: Database, query: Knex.QueryBuilder): Promise<string[]> {
  const { sql, bindings } = query.toSQL();
  const { rows } = await db.raw<{ rows: Array<{ 'QUERY PLAN': unknown }> }>(
    `EXPLAIN (FORMAT JSON) ${sql}`,
    bindings as never,
  );
  const names = new Set<string>();
  const visit = (node: Record<string, unknown>) => {
    if (typeof node['Relation Name'] === 'string') names.add(node['Relation Name']);
    for (const child of (node.Plans as Array<Record<string, unknown>> | undefined) ?? [])
      visit(child);
  };
  visit((rows[0]!['QUERY PLAN'] as Array<{ Plan: Record<string, unknown> }>)[0]!.Plan);
  return [...names].sort();
}

/** Whether a table is partitioned (relkind p) or plain (r). */
export async function tableKind(db: Database, table: string): Promise<'partitioned' | 'plain'> {
  const { rows } = await db.raw<{ rows: Array<{ relkind: string }> }>(
    `SELECT relkind FROM pg_class WHERE oid = to_regclass(?)`,
    [table],
  );
  return rows[0]?.relkind === 'p' ? 'partitioned' : 'plain';
}
