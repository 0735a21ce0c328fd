import { randomBytes } from 'node:crypto';
import {
  SCOPES,
  columnsOf,
  createLogger,
  makeResidentId,
  type Caller,
  type Database,
} from '@cityhub/kit';
import { ReportManager } from '../src/managers/report-manager.js';
import { ScreeningManager } from '../src/managers/screening-manager.js';
import { ReportStore } from '../src/repositories/report-store.js';
import { ScreeningStore } from '../src/repositories/screening-store.js';
import type { DbSiteRow } from '../src/repositories/rows.js';
import { SiteStore } from '../src/repositories/site-store.js';
import { WorkerStore } from '../src/repositories/worker-store.js';

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
  overrides: Partial<DbSiteRow> = {},
): Promise<{ id: string; streetCode: string }> {
  const id = `T${randomBytes(6).toString('hex')}`;
  const site: DbSiteRow = {
    id,
    kind: 'CONSTRUCTION',
    name: `测试工地${id}`,
    project: '测试工程',
    status: 'ACTIVE',
    address: '上海市徐汇区测试路1号',
    streetCode: TEST_STREET,
    latitude: 31.17,
    longitude: 121.45,
    contractorCreditCode: null,
    capacity: null,
    ...overrides,
  };
  await db('sites').insert(columnsOf(site));
  return { id, streetCode: site.streetCode };
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
    workers: new WorkerStore(db),
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

/** A worker as a daily report lists them; the origin is the ID number's county. */
export const worker = (idNumber: string, arrivedOn = '2019-12-01') => ({
  idNumber,
  name: '王工',
  originCode: idNumber.slice(0, 6),
  arrivedOn,
});
