import {
  BadUserInputError,
  UnauthenticatedError,
  connectionFrom,
  pageOf,
  scalarResolvers,
} from '@cityhub/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import type { ReadStore } from '../repositories/read-store.js';
import type {
  DbPersonalDataReadRow,
  ReadConnectionParent,
  ReadFilter,
} from '../repositories/rows.js';

function connection(
  reads: ReadStore,
  filter: ReadFilter,
  args: { first?: number | null; after?: string | null },
): ReadConnectionParent {
  const page = pageOf(args);
  if (page.afterKey !== null && !/^\d+$/.test(page.afterKey))
    throw new BadUserInputError('after', 'not a cursor of this list');
  let rows: Promise<DbPersonalDataReadRow[]> | undefined;
  return {
    filter,
    ...page,
    rows: () =>
      (rows ??= reads.page(
        filter,
        page.limit + 1,
        page.afterKey === null ? null : Number(page.afterKey),
      )),
  };
}

const idKey = (row: DbPersonalDataReadRow) => String(row.id);

export const resolvers: Resolvers = {
  DateTime: scalarResolvers.DateTime,
  Query: {
    personalDataReads: (_parent, { filter, ...args }, { reads }) =>
      connection(reads, filter ?? {}, args),
    myPersonalDataReads: (_parent, args, { caller, reads }) => {
      // Only a resident signed in as themselves has a personId; nobody else may ask for "my" reads.
      if (!caller.personId)
        throw new UnauthenticatedError('Sign in as a resident to see who read your data.');
      return connection(reads, { personId: caller.personId }, args);
    },
  },
  Person: {
    __resolveReference: ({ id }) => ({ id }),
    personalDataReads: ({ id }, args, { reads }) => connection(reads, { personId: id }, args),
  },
  PersonalDataReadConnection: {
    edges: async (parent) => connectionFrom(await parent.rows(), parent, idKey).edges,
    pageInfo: async (parent) => connectionFrom(await parent.rows(), parent, idKey).pageInfo,
  },
  PersonalDataRead: {
    id: (row) => String(row.id),
    readAt: (row) => row.read_at,
    callerKind: (row) => row.caller_kind,
    callerId: (row) => row.caller_id,
    person: (row) => (row.person_id ? { id: row.person_id } : null),
    access: (row) => (row.access === 'masked' ? 'MASKED' : 'UNMASKED'),
    documentSha256: (row) => row.document_sha256,
  },
};
