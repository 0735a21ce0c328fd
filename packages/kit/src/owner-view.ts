/**
 * The owner's view: rows that the caller holds the relationship to (an enterprise's own
 * registrants for its legal representative, a contractor's own workers) are shown to that caller
 * unmasked, audited as any unmasked read, and their counts exact — small-count suppression
 * protects people from others, not an owner from its own figures. The department decides who
 * owns a row (its access rules) and marks the row; the kit's field rules honour the mark.
 */
const OWNERS_VIEW = Symbol('owners view');

/** A copy of `row` marked as shown to its owner (a copy: loaders share rows within a request). */
export function ownersView<T extends object>(row: T): T {
  return Object.assign(Object.create(Object.getPrototypeOf(row) as object | null) as T, row, {
    [OWNERS_VIEW]: true,
  });
}

/** Marks every row when `owner` holds, and returns them unchanged otherwise. */
export function ownersViewIf<T extends object>(owner: boolean, rows: readonly T[]): T[] {
  return owner ? rows.map(ownersView) : [...rows];
}

export function isOwnersView(row: unknown): boolean {
  return !!row && typeof row === 'object' && OWNERS_VIEW in row;
}
