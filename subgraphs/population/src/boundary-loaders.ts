import { groupLoader } from '@cityhub/kit';
import type { BoundaryStore } from './repositories/boundary-store.js';

/** Per-request loaders for boundaries: all streets (or districts) of a request in one statement. */
export function createBoundaryLoaders(store: BoundaryStore) {
  return {
    boundariesByStreet: groupLoader(
      (codes: readonly string[]) => store.boundariesByStreets(codes),
      (row) => row.street_code,
    ),
    boundariesByDistrict: groupLoader(
      (codes: readonly string[]) => store.boundariesByDistricts(codes),
      (row) => row.district_code,
    ),
  };
}

export type BoundaryLoaders = ReturnType<typeof createBoundaryLoaders>;
