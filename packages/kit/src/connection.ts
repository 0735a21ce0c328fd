import { BadUserInputError } from './errors.js';

/** Relay connections with keyset cursors: a cursor is the sort key of the last row seen, never an offset. */
export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface Page {
  limit: number;
  /** The decoded sort key to continue after, or null for the first page. */
  afterKey: string | null;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export function encodeCursor(key: string): string {
  return Buffer.from(`k:${key}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, argument = 'after'): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith('k:')) throw new BadUserInputError(argument, 'not a cursor this API issued');
  return text.slice(2);
}

export function pageOf(args: PageArgs, maxPageSize = MAX_PAGE_SIZE): Page {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0)
    throw new BadUserInputError('first', 'must be zero or a positive integer');
  if (first > maxPageSize)
    throw new BadUserInputError('first', `must be at most ${maxPageSize}`, {
      maximum: maxPageSize,
    });
  return { limit: first, afterKey: args.after ? decodeCursor(args.after) : null };
}

export interface Connection<T> {
  edges: Array<{ node: T; cursor: string }>;
  pageInfo: {
    hasNextPage: boolean;
    endCursor: string | null;
    hasPreviousPage: boolean;
    startCursor: string | null;
  };
}

/**
 * Builds a connection from rows fetched with `limit + 1` so that hasNextPage needs no second query.
 * totalCount is resolved separately, and only when asked for.
 */
export function connectionFrom<T>(rows: T[], page: Page, keyOf: (row: T) => string): Connection<T> {
  const visible = rows.slice(0, page.limit);
  const edges = visible.map((node) => ({ node, cursor: encodeCursor(keyOf(node)) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > page.limit,
      hasPreviousPage: page.afterKey !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** A connection whose rows (fetched with one extra) and total load lazily, once, however many fields ask. */
export interface LazyConnectionParent<Row> extends Page {
  rows: () => Promise<Row[]>;
  total: () => Promise<number>;
}

/** The connection type's resolvers over a LazyConnectionParent: written once for every list. */
export function lazyConnectionResolvers<R>(keyOf: (row: R) => string) {
  return {
    edges: async (page: LazyConnectionParent<R>) =>
      connectionFrom(await page.rows(), page, keyOf).edges,
    pageInfo: async (page: LazyConnectionParent<R>) =>
      connectionFrom(await page.rows(), page, keyOf).pageInfo,
    totalCount: (page: LazyConnectionParent<R>) => page.total(),
  };
}

/** A lazy connection parent: `fetch` gets the page (limit + 1 rows), `count` the total. */
export function lazyConnection<R>(
  page: Page,
  fetch: (page: Page) => Promise<R[]>,
  count: () => Promise<number>,
): LazyConnectionParent<R> {
  return { ...page, rows: once(() => fetch(page)), total: once(count) };
}

/** Memoises a call so that the fields of one answer share it. */
export function once<T>(load: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  return () => (promise ??= load());
}

/** Page arguments whose cursor must match a shape (a numeric id, a "date/id" pair). */
export function pageWithCursor(args: PageArgs, shape: RegExp, maxPageSize = MAX_PAGE_SIZE): Page {
  const page = pageOf(args, maxPageSize);
  if (page.afterKey !== null && !shape.test(page.afterKey))
    throw new BadUserInputError('after', 'not a cursor of this list');
  return page;
}
