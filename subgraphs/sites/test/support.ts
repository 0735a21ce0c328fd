import { randomBytes } from 'node:crypto';
import { SCOPES, createLogger, makeResidentId, type Caller, type Database } from '@cityhub/kit';
import { ReportManager } from '../src/managers/report-manager.js';
import { ScreeningManager } from '../src/managers/screening-manager.js';
import { ReportStore } from '../src/repositories/report-store.js';
import { ScreeningStore } from '../src/repositories/screening-store.js';
import { SiteStore } from '../src/repositories/site-store.js';

export const TODAY = '2020-02-10';
export const PERSON_KEY = 'sites-integration-test-key';
export const TEST_STREET = '310104999';

export function caller(overrides: Partial<Caller> = {}): Caller {
  return {
    kind: 'user',
    id: `user-${randomBytes(3).toString('hex')}`,
    department: 'construction',
    roles: ['district-official'],
    scopes: Object.values(SCOPES),
    streets: null,
    personId: null,
    purpose: 'test',
    ...overrides,
  };
}

/**
 * A construction site of the test's own, so that tests never see each other's reports. It lies on a
 * street code no real street has, so that the end-to-end tests' street queries never meet it.
 */
export async function freshSite(
  db: Database,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; street_code: string }> {
  const id = `T${randomBytes(6).toString('hex')}`;
  const row = {
    id,
    kind: 'CONSTRUCTION',
    name: `测试工地${id}`,
    project: '测试工程',
    status: 'ACTIVE',
    address: '上海市徐汇区测试路1号',
    street_code: TEST_STREET,
    latitude: 31.17,
    longitude: 121.45,
    contractor_credit_code: null,
    capacity: null,
    ...overrides,
  };
  await db('sites').insert(row);
  return { id, street_code: row.street_code as string };
}

let sequence = randomBytes(2).readUInt16BE() % 400;
/** A fresh valid ID number registered in the given county. */
export function freshIdNumber(origin: string): string {
  sequence = (sequence + 1) % 1000;
  const year = 1960 + (randomBytes(1)[0]! % 40);
  const day = 1 + (randomBytes(1)[0]! % 28);
  return makeResidentId(
    origin,
    `${year}-0${1 + (randomBytes(1)[0]! % 9)}-${String(day).padStart(2, '0')}`,
    sequence,
  );
}

export function managersFor(db: Database, who: Caller = caller()) {
  const sites = new SiteStore(db);
  const reports = new ReportStore(db);
  const screening = new ScreeningStore(db);
  return {
    sites,
    reports,
    screening,
    reportManager: new ReportManager({
      db,
      sites,
      reports,
      screening,
      caller: who,
      personIdKey: PERSON_KEY,
      logger: createLogger('sites-test', 'silent'),
      today: () => TODAY,
    }),
    screeningManager: new ScreeningManager(db, screening, who),
  };
}
