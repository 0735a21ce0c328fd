import { randomBytes } from 'node:crypto';
import { buildSubgraphSchema } from '@apollo/subgraph';
import {
  ANONYMOUS,
  DEFAULT_DISCLOSURE_RULE,
  AuditRecorder,
  SCOPES,
  applyAccessRules,
  createLogger,
  readTypeDefs,
  type Caller,
  type Database,
} from '@cityhub/kit';
import { graphql, type ExecutionResult } from 'graphql';
import { TEST_PERSON_ID_KEY } from '../../../test/support/constants.js';
import { createTransportContext } from '../src/context.js';
import { subgraph } from '../src/index.js';

/** The transport subgraph's real schema, with the hub's access rules, executed in-process on the test database. */
const schema = applyAccessRules(
  buildSubgraphSchema({ typeDefs: readTypeDefs(subgraph), resolvers: subgraph.resolvers as never }),
  { disclosure: DEFAULT_DISCLOSURE_RULE },
);
const logger = createLogger('transport-test', 'silent');

export const DISTRICT_OFFICIAL: Caller = {
  kind: 'user',
  id: 'official-1',
  department: 'district',
  roles: ['district-official'],
  scopes: [SCOPES.transportRead, SCOPES.piiRead, SCOPES.populationRead],
  streets: null,
  personId: null,
  purpose: 'screening',
};
export const RAILWAY_FEED: Caller = {
  kind: 'integrator',
  id: 'railway-feed',
  department: 'railway',
  roles: ['railway-feed'],
  scopes: [SCOPES.transportIngest],
  streets: null,
  personId: null,
  purpose: null,
};
export const VIEWER: Caller = {
  kind: 'user',
  id: 'screen-1',
  department: 'ops',
  roles: ['viewer'],
  scopes: [],
  streets: null,
  personId: null,
  purpose: null,
};
export { ANONYMOUS };

export function streetOfficial(streets: string[]): Caller {
  return {
    ...DISTRICT_OFFICIAL,
    id: `street-${streets.join('-')}`,
    roles: ['street-official'],
    streets,
  };
}

export async function execute(
  db: Database,
  query: string,
  variables: Record<string, unknown> = {},
  caller: Caller = DISTRICT_OFFICIAL,
  now = new Date(),
): Promise<ExecutionResult<Record<string, any>>> {
  const context = {
    ...createTransportContext({
      db,
      logger,
      personIdKey: TEST_PERSON_ID_KEY,
      caller,
      audit: new AuditRecorder(caller, null, 'transport'),
    }),
    now: () => now,
  };
  return graphql({
    schema,
    source: query,
    variableValues: variables,
    contextValue: context,
  }) as Promise<ExecutionResult<Record<string, any>>>;
}

/** A day no seed and no other test file touches: a random day of the given year. */
export function isolatedDate(year: number): string {
  const day = 1 + (randomBytes(2).readUInt16BE() % 360);
  return new Date(Date.UTC(year, 0, day)).toISOString().slice(0, 10);
}

export function uniqueTrain(prefix = 'T'): string {
  return `${prefix}${randomBytes(4).readUInt32BE() % 1_000_000_000}`.slice(0, 12);
}
