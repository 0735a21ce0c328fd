import type { Database, FeedOrigin, FeedOutcome } from '@cityhub/kit';

/** One meter reading as the feed checked it. */
export interface CheckedReading {
  sourceId: string;
  communityCode: string;
  address: string;
  month: string;
  readAt: string;
  waterM3: number;
  electricityKwh: number;
  gasM3: number;
  deliveries: number;
}

const UNKNOWN_DWELLING: FeedOutcome = {
  field: 'address',
  reason: 'is not a dwelling of the housing register in this community',
};

/** Readings from the feed: every one in the history, the latest per dwelling and month as its figure. */
export class ReadingFeedStore {
  constructor(private readonly db: Database) {}

  /**
   * One statement a batch: a reading of no known dwelling is refused; a source id seen before is
   * a duplicate; the others go into the history, and per dwelling and month the latest of the
   * batch (by the meter's time, then the order of the batch) becomes the month's figure where it
   * is not older than the figure's own reading (a figure from a file import has none).
   */
  async record(
    readings: readonly CheckedReading[],
    origin: FeedOrigin,
  ): Promise<Map<string, FeedOutcome>> {
    const { rows } = await this.db.raw<{
      rows: Array<{ source_id: string; outcome: 'APPLIED' | 'SUPERSEDED' | 'UNKNOWN' }>;
    }>(
      `/* risk.recordUtilityReadings */
       WITH input AS (
         SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::numeric[], ?::numeric[], ?::numeric[], ?::int[])
             WITH ORDINALITY AS u(source_id, community_code, address, month, read_at, water_m3, electricity_kwh, gas_m3, deliveries, n)),
       known AS (
         SELECT i.*, d.id AS dwelling_id FROM input i
           JOIN dwellings d ON d.community_code = i.community_code AND d.address = i.address),
       kept AS (
         INSERT INTO utility_reading_feed (source_id, dwelling_id, month, read_at, water_m3, electricity_kwh, gas_m3,
                                           deliveries, feed, recorded_by)
         SELECT source_id, dwelling_id, month, read_at, water_m3, electricity_kwh, gas_m3, deliveries, ?, ?
           FROM known ORDER BY n
         ON CONFLICT (source_id) DO NOTHING
         RETURNING source_id),
       newest AS (
         SELECT DISTINCT ON (k.dwelling_id, k.month) k.* FROM known k JOIN kept USING (source_id)
          ORDER BY k.dwelling_id, k.month, k.read_at DESC, k.n DESC),
       moved AS (
         INSERT INTO dwelling_readings AS r (dwelling_id, month, water_m3, electricity_kwh, gas_m3, deliveries, read_at)
         SELECT dwelling_id, month, water_m3, electricity_kwh, gas_m3, deliveries, read_at
           FROM newest ORDER BY dwelling_id, month
         ON CONFLICT (dwelling_id, month) DO UPDATE SET water_m3 = excluded.water_m3,
           electricity_kwh = excluded.electricity_kwh, gas_m3 = excluded.gas_m3,
           deliveries = excluded.deliveries, read_at = excluded.read_at
         WHERE r.read_at IS NULL OR r.read_at <= excluded.read_at
         RETURNING dwelling_id, month)
       SELECT i.source_id,
              CASE WHEN k.source_id IS NULL THEN 'UNKNOWN'
                   WHEN EXISTS (SELECT 1 FROM newest w JOIN moved m USING (dwelling_id, month)
                                 WHERE w.source_id = i.source_id) THEN 'APPLIED'
                   ELSE 'SUPERSEDED' END AS outcome
         FROM input i LEFT JOIN known k USING (source_id)
        WHERE k.source_id IS NULL OR EXISTS (SELECT 1 FROM kept WHERE kept.source_id = i.source_id)`,
      [
        readings.map((r) => r.sourceId),
        readings.map((r) => r.communityCode),
        readings.map((r) => r.address),
        readings.map((r) => r.month),
        readings.map((r) => r.readAt),
        readings.map((r) => r.waterM3),
        readings.map((r) => r.electricityKwh),
        readings.map((r) => r.gasM3),
        readings.map((r) => r.deliveries),
        origin.channel,
        origin.recordedBy,
      ],
    );
    return new Map(
      rows.map((row): [string, FeedOutcome] => [
        row.source_id,
        row.outcome === 'UNKNOWN' ? UNKNOWN_DWELLING : row.outcome,
      ]),
    );
  }
}
