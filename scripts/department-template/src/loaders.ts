import { rowLoader } from '@cityhub/kit';
import type { OfficeStore } from './repositories/office-store.js';

/** One statement per batch of keys, answers in key order. */
export function createTmplLoaders(store: OfficeStore) {
  return {
    officeByCode: rowLoader(
      (codes: readonly string[]) => store.byCodes(codes),
      (office) => office.code,
    ),
  };
}

export type TmplLoaders = ReturnType<typeof createTmplLoaders>;
