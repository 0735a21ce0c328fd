import type { Database, InputProblems } from '@cityhub/kit';
import { requiredText, upsertStatement, type Fields, type ImportMapping } from '@cityhub/importer';
import { validateTicketingRecords } from '../managers/feed-validation.js';
import { StationStore, TRAIN_COLUMNS } from '../repositories/station-store.js';

// A train's columns but those the table makes itself.
const COLUMNS = TRAIN_COLUMNS.filter((column) => column !== 'id' && column !== 'arrives_at');
const STAGE = 'import_stage_schedules';
const KEY = ['station_code', 'train_number', 'service_date'];

/** The ticketing feed's rules name a field by its words; the file names it by its column. */
const FIELD_OF_RULE: Array<[prefix: string, field: string]> = [
  ['train number ', 'train_number'],
  ['service date ', 'service_date'],
  ['origin code ', 'origin_code'],
  ['scheduled arrival ', 'scheduled_at'],
  ['actual arrival ', 'actual_at'],
  ['ticketed passengers ', 'ticketed_passengers'],
];

/**
 * Stations' schedules (train arrivals) from the railway's or the coach station's own system, keyed
 * by station, train and service date, checked by the ticketing feed's own rules. File fields:
 * station_code, train_number, service_date, origin_code, scheduled_at, actual_at (optional),
 * ticketed_passengers. Passengers by name still come through the ticketing feed.
 */
export function scheduleImport(): ImportMapping {
  let stationKinds = new Map<string, string>();
  return {
    kind: 'schedules',
    stagingTable: STAGE,
    columns: COLUMNS,
    key: KEY,
    async prepare(db: Database) {
      const stations = await new StationStore(db).allStations();
      stationKinds = new Map(stations.map((station) => [station.code, station.kind]));
    },
    read(fields, problems) {
      for (const name of COLUMNS) if (name !== 'actual_at') requiredText(fields, name, problems);
      if (problems.list.length > 0) return null;
      const count = fields.ticketed_passengers!.trim();
      const [valid] = ticketingRules(
        fields,
        stationKinds,
        /^\d+$/.test(count) ? Number(count) : NaN,
        problems,
      );
      if (!valid) return null;
      return [
        valid.stationCode,
        valid.trainNumber,
        valid.serviceDate,
        valid.originCode,
        valid.scheduledAt.toISOString(),
        valid.actualAt?.toISOString() ?? null,
        valid.ticketedPassengers,
      ];
    },
    merge: upsertStatement({
      table: 'train_arrivals',
      stagingTable: STAGE,
      columns: COLUMNS,
      key: KEY,
    }),
  };
}

/** One record through the feed's checks; each reason goes to the field it is about. */
function ticketingRules(
  fields: Fields,
  stationKinds: ReadonlyMap<string, string>,
  ticketedPassengers: number,
  problems: InputProblems,
) {
  const { valid, rejected } = validateTicketingRecords(
    [
      {
        stationCode: fields.station_code!,
        trainNumber: fields.train_number!,
        serviceDate: fields.service_date!.trim(),
        originCode: fields.origin_code!.trim(),
        scheduledArrival: fields.scheduled_at!.trim(),
        actualArrival: fields.actual_at?.trim() || null,
        ticketedPassengers,
        passengers: [],
      },
    ],
    stationKinds,
    new Date(),
  );
  for (const reason of rejected[0]?.reasons ?? []) {
    const rule = FIELD_OF_RULE.find(([prefix]) => reason.startsWith(prefix));
    if (rule) problems.add(rule[1], reason.slice(rule[0].length));
    // The station's reasons name the code; the report names the field, never the value.
    else if (reason.startsWith('unknown station'))
      problems.add('station_code', 'is not a station the hub knows');
    else if (reason.includes('metro hub'))
      problems.add('station_code', 'is a metro hub, which sells no named tickets');
    else problems.add('record', reason);
  }
  return valid;
}
