import { REGISTERED_PURPOSES, lazyConnectionResolvers, scalarResolvers } from '@cityhub/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import type { DbPersonalDataReadRow } from '../repositories/rows.js';

// The schema's connection has no total: only the page's fields are resolved.
const { edges, pageInfo } = lazyConnectionResolvers((row: DbPersonalDataReadRow) => String(row.id));

export const resolvers: Resolvers = {
  DateTime: scalarResolvers.DateTime,
  Query: {
    personalDataReads: (_parent, { filter, ...args }, { readLog }) =>
      readLog.reads(filter ?? {}, args),
    myPersonalDataReads: (_parent, args, { readLog }) => readLog.myReads(args),
    purposes: () => [...REGISTERED_PURPOSES],
  },
  Person: {
    __resolveReference: ({ id }) => ({ id }),
    personalDataReads: ({ id }, args, { readLog }) => readLog.reads({ personId: id }, args),
  },
  PersonalDataReadConnection: { edges, pageInfo },
  PersonalDataRead: {
    id: (row) => String(row.id),
    person: (row) => (row.personId ? { id: row.personId } : null),
    access: (row) => (row.access === 'masked' ? 'MASKED' : 'UNMASKED'),
  },
};
