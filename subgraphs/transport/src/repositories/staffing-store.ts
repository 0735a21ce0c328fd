import type { Knex } from 'knex';

export interface DbStationStaffingRow {
  code: string;
  street_code: string;
  rostered_checkers: number;
  passengers_per_checker_hour: number;
}

export interface NewStaffingAlert {
  station_code: string;
  hour: Date;
  needed: number;
  rostered: number;
  event_id: string;
}

/** Stations' rosters and the hours already announced as understaffed; read inside the ingestion. */
export class StaffingStore {
  rostersOf(trx: Knex.Transaction, codes: readonly string[]): Promise<DbStationStaffingRow[]> {
    return trx('station_staffing as r')
      .comment('transport.rostersOf')
      .join('stations as s', 's.code', 'r.code')
      .select('r.code', 's.street_code', 'r.rostered_checkers', 'r.passengers_per_checker_hour')
      .whereIn('r.code', codes);
  }

  /** Tickets per station and hour in [from, to): the forecast the roster is measured against. */
  async hourlyArrivals(
    trx: Knex.Transaction,
    codes: readonly string[],
    from: Date,
    to: Date,
  ): Promise<Array<{ station_code: string; hour_index: number; arrivals: number }>> {
    const rows: Array<{ station_code: string; hour_index: string; arrivals: string }> = await trx(
      'train_arrivals',
    )
      .comment('transport.staffingHourlyArrivals')
      .select(
        'station_code',
        trx.raw('floor(extract(epoch FROM arrives_at) / 3600)::bigint AS hour_index'),
      )
      .sum({ arrivals: 'ticketed_passengers' })
      .whereIn('station_code', codes)
      .where('arrives_at', '>=', from)
      .where('arrives_at', '<', to)
      .groupBy('station_code', 'hour_index');
    return rows.map((row) => ({
      station_code: row.station_code,
      hour_index: Number(row.hour_index),
      arrivals: Number(row.arrivals),
    }));
  }

  /** The alerts not raised before (per station and hour); only those are returned. */
  async raiseAlerts(
    trx: Knex.Transaction,
    alerts: readonly NewStaffingAlert[],
  ): Promise<NewStaffingAlert[]> {
    if (alerts.length === 0) return [];
    const rows: Array<NewStaffingAlert & { hour: Date }> = await trx('staffing_alerts')
      .comment('transport.raiseStaffingAlerts')
      .insert(alerts)
      .onConflict(['station_code', 'hour'])
      .ignore()
      .returning(['station_code', 'hour', 'needed', 'rostered', 'event_id']);
    return rows;
  }
}
