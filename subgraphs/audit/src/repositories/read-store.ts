import { recordsOf, rowCount, Store } from '@cityhub/kit';
import type { DbPersonalDataReadRow, ReadFilter } from './rows.js';

const READ_COLUMNS = [
  'id',
  'read_at',
  'caller_kind',
  'caller_id',
  'department',
  'purpose',
  'purpose_note',
  'operation',
  'subgraph',
  'person_id',
  'fields',
  'access',
  'document_sha256',
];

/** The audit log's only SQL. Newest first; the keyset is the record id (ids grow with time). */
export class ReadStore extends Store {
  page(
    filter: ReadFilter,
    limit: number,
    afterId: number | null,
  ): Promise<DbPersonalDataReadRow[]> {
    const query = this.filtered(filter).comment('audit.readsPage').select(READ_COLUMNS);
    if (afterId !== null) query.where('id', '<', afterId);
    return recordsOf<DbPersonalDataReadRow>(query.orderBy('id', 'desc').limit(limit));
  }

  count(filter: ReadFilter): Promise<number> {
    return rowCount(this.filtered(filter), 'audit.readsCount');
  }

  private filtered(filter: ReadFilter) {
    const query = this.db('personal_data_reads');
    if (filter.personId) query.where('person_id', filter.personId);
    if (filter.callerId) query.where('caller_id', filter.callerId);
    if (filter.department) query.where('department', filter.department);
    if (filter.from) query.where('read_at', '>=', filter.from);
    if (filter.to) query.where('read_at', '<', filter.to);
    return query;
  }
}
