import type { Database } from '@cityhub/kit';
import type { Knex } from 'knex';
import type { TmplOfficeRow } from './rows.js';

/** The offices table: every statement labelled, rows typed. */
export class OfficeStore {
  constructor(private readonly db: Database) {}

  byCodes(codes: readonly string[]): Promise<TmplOfficeRow[]> {
    return this.db('offices')
      .comment('tmpl.officesByCodes')
      .select('code', 'name')
      .whereIn('code', codes);
  }

  async rename(trx: Knex.Transaction, code: string, name: string): Promise<TmplOfficeRow | null> {
    const [row] = await trx('offices')
      .comment('tmpl.renameOffice')
      .where({ code })
      .update({ name, updated_at: trx.fn.now() })
      .returning(['code', 'name']);
    return (row as TmplOfficeRow | undefined) ?? null;
  }
}
