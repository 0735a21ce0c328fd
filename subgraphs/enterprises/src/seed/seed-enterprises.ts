import type pg from 'pg';
import { copyRows, inRawTransaction, type CopyValue } from '@cityhub/kit';
import {
  enterpriseCount,
  runChunkedSeed,
  type SeedOptions,
  type SeedOutcome,
  type SyntheticCity,
} from '@cityhub/synthetic-city';
import { enterprisesConfig } from '../config.js';
import { IndicatorStore } from '../repositories/indicator-store.js';
import { enterpriseRows } from './synthetic-enterprise-data.js';
import { shopCount, shopRows } from './synthetic-shops.js';

export const ENTERPRISE_COLUMNS = [
  'credit_code',
  'name',
  'legal_rep_person_id',
  'industry',
  'street_code',
  'status',
  'employee_count',
  'registered_on',
];
const FILING_COLUMNS = [
  'id',
  'code',
  'credit_code',
  'street_code',
  'status',
  'opened_at',
  'submitted_at',
  'reviewed_at',
  'review_reason',
];
const REGISTRATION_COLUMNS = [
  'filing_id',
  'person_id',
  'id_number',
  'name',
  'phone',
  'origin_code',
  'arrived_on',
  'status',
  'registered_at',
  'decided_at',
  'decision_reason',
];
const EVENT_COLUMNS = [
  'filing_id',
  'action',
  'actor_kind',
  'actor_id',
  'actor_person_id',
  'registration_count',
  'reason',
  'at',
];
const INDICATOR_COLUMNS = [
  'credit_code',
  'month',
  'revenue',
  'operating_profit',
  'headcount',
  'recorded_at',
];
const SHOP_COLUMNS = [
  'id',
  'name',
  'street_code',
  'address',
  'operator_person_id',
  'credit_code',
  'staff_code',
  'registered_at',
];
const STAFF_COLUMNS = REGISTRATION_COLUMNS.map((column) =>
  column === 'filing_id' ? 'shop_id' : column,
);

/**
 * Seeds the registry, filings in every state with their registrations, shops with their staff, and
 * two years of indicators. Enterprises go in chunks in the common resumable frame (`runChunkedSeed`).
 */
export function seedEnterprises({
  chunkSize = 2_000,
  ...options
}: SeedOptions & { chunkSize?: number }): Promise<SeedOutcome> {
  const { personIdKey } = options;
  return runChunkedSeed(options, {
    schema: 'enterprises',
    unit: 'enterprises',
    chunkSize,
    plan: (source) => {
      const total = enterpriseCount(source);
      return {
        total,
        write: (client, start, end) => copyEnterpriseChunk(client, source, personIdKey, start, end),
        end: () =>
          inRawTransaction(options.db, async (client) => {
            await copyShops(client, source, personIdKey, total);
            // Rows went in with explicit ids; filings and shops opened later take ids after them.
            await client.query(
              `SELECT setval(pg_get_serial_sequence('enterprises.filings', 'id'), greatest((SELECT max(id) FROM enterprises.filings), 1))`,
            );
            await client.query(
              `SELECT setval(pg_get_serial_sequence('enterprises.shops', 'id'), greatest((SELECT max(id) FROM enterprises.shops), 1))`,
            );
          }),
        finish: (trx) =>
          new IndicatorStore(trx).recomputeAllWarnings(
            enterprisesConfig().ENTERPRISES_WARNING_SHARE,
          ),
      };
    },
    analyze: [
      'enterprises',
      'filings',
      'registrations',
      'indicators',
      'warnings',
      'shops',
      'shop_staff',
    ],
  });
}

async function copyEnterpriseChunk(
  client: pg.PoolClient,
  city: SyntheticCity,
  personIdKey: string,
  start: number,
  end: number,
): Promise<void> {
  const tables = {
    enterprises: [] as CopyValue[][],
    filings: [] as CopyValue[][],
    registrations: [] as CopyValue[][],
    events: [] as CopyValue[][],
    indicators: [] as CopyValue[][],
  };
  for (let index = start; index < end; index++) {
    const rows = enterpriseRows(city, index, personIdKey);
    tables.enterprises.push(rows.enterprise);
    if (rows.filing) tables.filings.push(rows.filing);
    tables.registrations.push(...rows.registrations);
    tables.events.push(...rows.events);
    tables.indicators.push(...rows.indicators);
  }
  await copyRows(client, 'enterprises.enterprises', ENTERPRISE_COLUMNS, tables.enterprises);
  await copyRows(client, 'enterprises.filings', FILING_COLUMNS, tables.filings);
  await copyRows(client, 'enterprises.registrations', REGISTRATION_COLUMNS, tables.registrations);
  await copyRows(client, 'enterprises.filing_events', EVENT_COLUMNS, tables.events);
  await copyRows(client, 'enterprises.indicators', INDICATOR_COLUMNS, tables.indicators);
}

async function copyShops(
  client: pg.PoolClient,
  city: SyntheticCity,
  personIdKey: string,
  enterpriseTotal: number,
): Promise<void> {
  // Shops go in once, in one transaction: when they are there, an earlier run got past this step.
  if ((await client.query('SELECT 1 FROM enterprises.shops LIMIT 1')).rowCount) return;
  const shops: CopyValue[][] = [];
  const staff: CopyValue[][] = [];
  for (let index = 0; index < shopCount(city); index++) {
    const rows = shopRows(city, index, personIdKey, enterpriseTotal);
    shops.push(rows.shop);
    staff.push(...rows.staff);
  }
  await copyRows(client, 'enterprises.shops', SHOP_COLUMNS, shops);
  await copyRows(client, 'enterprises.shop_staff', STAFF_COLUMNS, staff);
}
