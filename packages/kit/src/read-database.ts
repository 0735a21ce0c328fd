import { createDatabase, type Database, type DatabaseOptions } from './database.js';

/**
 * The opt-in read/write split: with a read URL (a PostgreSQL streaming standby), a department's
 * reads that tolerate a little replication lag go there; without one they use the primary itself.
 * Writes, transactions, migrations, the outbox and the audit log always use the primary.
 */
export function openReadDatabase(
  primary: Database,
  options: DatabaseOptions & { readUrl?: string },
): { readDb: Database; close(): Promise<void> } {
  if (!options.readUrl || options.readUrl === options.url)
    return { readDb: primary, close: async () => {} };
  const readDb = createDatabase({ ...options, url: options.readUrl });
  return { readDb, close: () => readDb.destroy() };
}
