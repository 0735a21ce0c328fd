import { BadUserInputError, connectionFrom, pageOf, type PageArgs } from '@cityhub/kit';
import type { LazyConnectionParent } from '../repositories/rows.js';

/** Connection fields over a parent whose page rows (fetched with one extra) and total load lazily, once. */
export function lazyConnectionResolvers<R>(keyOf: (row: R) => string) {
  return {
    edges: async (page: LazyConnectionParent<R>) =>
      connectionFrom(await page.rows(), page, keyOf).edges,
    pageInfo: async (page: LazyConnectionParent<R>) =>
      connectionFrom(await page.rows(), page, keyOf).pageInfo,
    totalCount: (page: LazyConnectionParent<R>) => page.total(),
  };
}

/** Memoises a loader call so that edges and pageInfo share it. */
export function once<T>(load: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  return () => (promise ??= load());
}

/** Page arguments whose cursor must match a shape (a numeric id, a "date/id" pair). */
export function pageWithCursor(args: PageArgs, shape: RegExp) {
  const page = pageOf(args);
  if (page.afterKey !== null && !shape.test(page.afterKey))
    throw new BadUserInputError('after', 'not a cursor of this list');
  return page;
}
