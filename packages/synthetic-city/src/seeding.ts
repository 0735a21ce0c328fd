import type { Database, Logger } from '@cityhub/kit';
import type { SyntheticCity } from './presets.js';

export interface SeedProgress {
  /** What is being loaded, e.g. "residents". */
  step: string;
  done: number;
  total: number;
  rowsPerSecond: number;
}

export interface SeedOptions {
  db: Database;
  city: SyntheticCity;
  personIdKey: string;
  logger: Logger;
  onProgress?: (progress: SeedProgress) => void;
}

export type SeedOutcome = 'seeded' | 'resumed' | 'already-seeded';

/** Each subgraph's generator: idempotent, resumable, and reading no other department's tables. */
export type SeedFunction = (options: SeedOptions) => Promise<SeedOutcome>;
