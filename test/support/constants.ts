import { cityDate } from '@cityhub/kit';

declare module 'vitest' {
  /** What the global setup hands every test file. */
  export interface ProvidedContext {
    databaseUrl: string;
    serverUrl: string;
    /** A copy of the seeded database as it was before any test ran (for the gate's own runs). */
    seededTemplate: string;
  }
}

/** The test preset's fixed inputs: tests can recompute any generated person from them. */
export const TEST_SEED = 20200210;
export const TEST_PERSON_ID_KEY = 'city-data-hub-test-person-key';
// Relative dates in the generated data are counted back from today, like the demo's.
export const TEST_REFERENCE_DATE = cityDate();
export const TEST_JWT_SECRET = 'city-data-hub-test-jwt-secret';
export const TEST_INTERNAL_SECRET = 'city-data-hub-test-internal-secret';

/** Tells a vitest run started by a test (the gate's) which seeded database to copy. */
export const TEMPLATE_VARIABLE = 'CITYHUB_TEST_SEEDED_TEMPLATE';
