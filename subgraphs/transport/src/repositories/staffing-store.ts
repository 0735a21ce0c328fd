import { Store } from '@cityhub/kit';
import type { DbStaffingAlertRow, DbStationCountRow, DbStationStaffingRow } from './rows.js';
import { hourlyArrivals } from './station-store.js';

/** Stations' rosters and the hours already announced as understaffed; read inside the ingestion. */
export class StaffingStore extends Store {
  rostersOf(codes: readonly string[]): Promise<DbStationStaffingRow[]> {
    return this.db('station_staffing as r')
      .comment('transport.rostersOf')
      .join('stations as s', 's.code', 'r.code')
      .select({
        code: 'r.code',
        streetCode: 's.street_code',
        rosteredCheckers: 'r.rostered_checkers',
        passengersPerCheckerHour: 'r.passengers_per_checker_hour',
      })
      .whereIn('r.code', codes);
  }

  /** Tickets per station and hour in [from, to): the forecast the roster is measured against. */
  hourlyArrivals(codes: readonly string[], from: Date, to: Date): Promise<DbStationCountRow[]> {
    return hourlyArrivals(this.db, codes, from, to, 'transport.staffingHourlyArrivals');
  }

  /** The alerts not raised before (per station and hour); only those are returned. */
  async raiseAlerts(alerts: readonly DbStaffingAlertRow[]): Promise<DbStaffingAlertRow[]> {
    if (alerts.length === 0) return [];
    return this.db('staffing_alerts')
      .comment('transport.raiseStaffingAlerts')
      .insert(
        alerts.map((alert) => ({
          station_code: alert.stationCode,
          hour: alert.hour,
          needed: alert.needed,
          rostered: alert.rostered,
          event_id: alert.eventId,
        })),
      )
      .onConflict(['station_code', 'hour'])
      .ignore()
      .returning([
        'station_code AS stationCode',
        'hour',
        'needed',
        'rostered',
        'event_id AS eventId',
      ]);
  }
}
