import type { Database, Logger } from '@cityhub/kit';
import { vi } from 'vitest';

/** A logger that keeps quiet, its calls recorded. */
export const silent = (): Logger =>
  ({ warn: vi.fn(), error: vi.fn(), debug: vi.fn(), info: vi.fn() }) as unknown as Logger;

/** Who owns the schema and each of its relations and routines. */
export async function ownersIn(db: Database, schema: string): Promise<Record<string, string>> {
  const relations = await db.raw(
    `SELECT c.relname AS name, pg_get_userbyid(c.relowner) AS owner FROM pg_class c
      WHERE c.relnamespace = ?::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S')`,
    [schema],
  );
  const routines = await db.raw(
    `SELECT p.proname AS name, pg_get_userbyid(p.proowner) AS owner FROM pg_proc p
      WHERE p.pronamespace = ?::regnamespace`,
    [schema],
  );
  const [{ owner }] = (
    await db.raw('SELECT pg_get_userbyid(nspowner) AS owner FROM pg_namespace WHERE nspname = ?', [
      schema,
    ])
  ).rows;
  return Object.fromEntries([
    [`schema ${schema}`, owner],
    ...[...relations.rows, ...routines.rows].map((row: { name: string; owner: string }) => [
      row.name,
      row.owner,
    ]),
  ]);
}
