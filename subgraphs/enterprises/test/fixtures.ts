import { randomBytes } from 'node:crypto';
import {
  columnsOf,
  CREDIT_CODE_ALPHABET,
  SCOPES,
  makeCreditCode,
  personIdFor,
  type Caller,
  type Database,
} from '@cityhub/kit';
import { TEST_PERSON_ID_KEY } from '../../../test/support/constants.js';
import { testDatabase } from '../../../test/support/database.js';
import { testCity } from '../../../test/support/hub.js';
import { afterAll } from 'vitest';
import { FilingManager } from '../src/managers/filing-manager.js';
import { EnterpriseStore } from '../src/repositories/enterprise-store.js';
import { FilingStore } from '../src/repositories/filing-store.js';
import type { DbEnterpriseRow } from '../src/repositories/rows.js';

/** A credit code no generated enterprise has ("MA2" where the generator writes "MA1"), fresh for each test. */
export function freshCreditCode(): string {
  const body = [...randomBytes(6)]
    .map((byte) => CREDIT_CODE_ALPHABET[byte % CREDIT_CODE_ALPHABET.length])
    .join('');
  return makeCreditCode(`91310104MA2${body}`);
}

export function personIdOf(index: number): string {
  return personIdFor(testCity().person(index).idNumber, TEST_PERSON_ID_KEY);
}

/** Inserts an enterprise of its own for a test, represented by the generated resident `repIndex`. */
export async function freshEnterprise(
  db: Database,
  overrides: Partial<DbEnterpriseRow> = {},
  repIndex = 7,
): Promise<DbEnterpriseRow> {
  const row: DbEnterpriseRow = {
    creditCode: freshCreditCode(),
    name: `上海测试${randomBytes(3).toString('hex')}有限公司`,
    legalRepPersonId: personIdOf(repIndex),
    industry: 'I',
    streetCode: '310104011',
    status: 'OPERATING',
    employeeCount: 20,
    registeredOn: '2015-03-01',
    ...overrides,
  };
  await db('enterprises').insert(columnsOf(row));
  return row;
}

export function registrant(index: number) {
  const person = testCity().person(index);
  return {
    idNumber: person.idNumber,
    name: person.name,
    phone: person.phone,
    originCode: person.originCode,
    arrivedOn: person.arrival?.arrivedOn ?? null,
  };
}

const base: Omit<Caller, 'kind' | 'id' | 'roles' | 'scopes'> = {
  department: null,
  streets: null,
  personId: null,
  purpose: null,
};

export const callers = {
  service: (): Caller => ({
    ...base,
    kind: 'service',
    id: 'filing-app',
    roles: ['service'],
    scopes: Object.values(SCOPES),
  }),
  representative: (personId: string): Caller => ({
    ...base,
    kind: 'user',
    id: `rep-${personId}`,
    roles: ['legal-representative'],
    scopes: [SCOPES.enterpriseRead, SCOPES.enterpriseWrite],
    personId,
  }),
  streetOfficial: (streets: string[]): Caller => ({
    ...base,
    kind: 'user',
    id: `official-${streets.join('-')}`,
    department: 'street',
    roles: ['street-official'],
    scopes: [SCOPES.enterpriseRead, SCOPES.filingReview, SCOPES.piiRead],
    streets,
  }),
  anonymous: (): Caller => ({ ...base, kind: 'anonymous', id: 'anonymous', roles: [], scopes: [] }),
};

/** The filing manager over `db`, acting as `caller`. */
export const filingManagerFor = (db: Database, caller: Caller) =>
  new FilingManager(db, new FilingStore(db), new EnterpriseStore(db), caller, TEST_PERSON_ID_KEY);

/** The code an action was refused with; throws when it was not refused. */
export async function refusal(action: Promise<unknown>): Promise<string | undefined> {
  try {
    await action;
  } catch (error) {
    return (error as { extensions?: { code?: string } }).extensions?.code;
  }
  throw new Error('expected a refusal');
}

/** The statuses of a filing's registrations, in the order they were made. */
export const registrationStatuses = async (db: Database, filingId: number) =>
  (await db('registrations')
    .where({ filing_id: filingId })
    .orderBy('id')
    .pluck('status')) as string[];

/**
 * The run's test database in the department's schema (closed after the file's tests), the filing
 * manager acting as a caller, and a filing's registration statuses.
 */
export function filingTestKit() {
  const db = testDatabase('enterprises');
  afterAll(() => db.destroy());
  return {
    db,
    manager: (caller: Caller) => filingManagerFor(db, caller),
    statuses: (filingId: number) => registrationStatuses(db, filingId),
  };
}
