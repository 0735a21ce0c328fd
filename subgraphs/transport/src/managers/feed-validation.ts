import { dateProblem, residentIdProblem } from '@cityhub/kit';
import type { NewTrainArrival } from '../repositories/rows.js';
import { chinaDayStart, DAY_MS, HOUR_MS } from '../time.js';

/** The rules a ticketing record must meet; a record breaking any is rejected alone, with every reason. */
export const MAX_FEED_RECORDS = 500;
export const MAX_TICKETS_PER_TRAIN = 3_000;
const TRAIN_NUMBER = /^[A-Z0-9-]{1,12}$/;
const REGION_CODE = /^\d{6}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
// A service date is the day the train leaves its origin; the longest runs to Shanghai take under two days.
const LATEST_ARRIVAL_AFTER_SERVICE_DAY_MS = 3 * DAY_MS;
const EARLIEST_ACTUAL_BEFORE_SCHEDULE_MS = HOUR_MS;
const LATEST_ACTUAL_AFTER_SCHEDULE_MS = 24 * HOUR_MS;
const CLOCK_SKEW_MS = 5 * 60_000;

export interface TicketingRecord {
  stationCode: string;
  trainNumber: string;
  serviceDate: string;
  originCode: string;
  scheduledArrival: string;
  actualArrival?: string | null;
  ticketedPassengers: number;
  passengers: ReadonlyArray<{ idNumber: string; boardingCode?: string | null }>;
}

export interface RejectedRecord {
  index: number;
  trainNumber: string;
  reasons: string[];
}

export function validateTicketingRecords(
  records: readonly TicketingRecord[],
  stationKinds: ReadonlyMap<string, string>,
  now: Date,
): { valid: NewTrainArrival[]; rejected: RejectedRecord[] } {
  const valid: NewTrainArrival[] = [];
  const rejected: RejectedRecord[] = [];
  const firstIndexOfTrain = new Map<string, number>();
  records.forEach((record, index) => {
    const result = validateRecord(record, index, stationKinds, now);
    if ('reasons' in result) {
      rejected.push(result);
      return;
    }
    const key = `${result.stationCode}|${result.trainNumber}|${result.serviceDate}`;
    const earlier = firstIndexOfTrain.get(key);
    if (earlier !== undefined) {
      rejected.push({
        index,
        trainNumber: record.trainNumber,
        reasons: [`the same train and service date is record ${earlier} of this batch`],
      });
      return;
    }
    firstIndexOfTrain.set(key, index);
    valid.push(result);
  });
  return { valid, rejected };
}

function validateRecord(
  record: TicketingRecord,
  index: number,
  stationKinds: ReadonlyMap<string, string>,
  now: Date,
): NewTrainArrival | RejectedRecord {
  const reasons: string[] = [];
  const stationCode = record.stationCode.trim().toUpperCase();
  const trainNumber = record.trainNumber.trim().toUpperCase();
  const kind = stationKinds.get(stationCode);
  if (!kind) reasons.push(`unknown station ${record.stationCode}`);
  else if (kind === 'METRO_HUB')
    reasons.push(`station ${stationCode} is a metro hub, which sells no named tickets`);
  if (!TRAIN_NUMBER.test(trainNumber))
    reasons.push('train number must be 1 to 12 letters, digits or hyphens');
  const serviceDateProblem = dateProblem(record.serviceDate);
  if (serviceDateProblem) reasons.push(`service date ${serviceDateProblem}`);
  if (!REGION_CODE.test(record.originCode))
    reasons.push('origin code must be a 6-digit division code');
  const scheduledAt = instant(record.scheduledArrival, 'scheduled arrival', reasons);
  const actualAt = record.actualArrival
    ? instant(record.actualArrival, 'actual arrival', reasons)
    : null;
  if (scheduledAt && !serviceDateProblem) {
    const dayStart = chinaDayStart(record.serviceDate).getTime();
    if (
      scheduledAt.getTime() < dayStart ||
      scheduledAt.getTime() >= dayStart + LATEST_ARRIVAL_AFTER_SERVICE_DAY_MS
    ) {
      reasons.push(
        'scheduled arrival is impossible for the service date (before it, or more than two days after it)',
      );
    }
  }
  if (scheduledAt && actualAt) {
    const delay = actualAt.getTime() - scheduledAt.getTime();
    if (delay < -EARLIEST_ACTUAL_BEFORE_SCHEDULE_MS)
      reasons.push('actual arrival is more than an hour before the scheduled one');
    if (delay > LATEST_ACTUAL_AFTER_SCHEDULE_MS)
      reasons.push('actual arrival is more than a day after the scheduled one');
  }
  if (actualAt && actualAt.getTime() > now.getTime() + CLOCK_SKEW_MS)
    reasons.push('actual arrival lies in the future');
  if (
    !Number.isInteger(record.ticketedPassengers) ||
    record.ticketedPassengers < 0 ||
    record.ticketedPassengers > MAX_TICKETS_PER_TRAIN
  ) {
    reasons.push(`ticketed passengers must be between 0 and ${MAX_TICKETS_PER_TRAIN}`);
  } else if (record.ticketedPassengers < record.passengers.length) {
    reasons.push(
      `ticketed passengers (${record.ticketedPassengers}) are fewer than the passengers listed (${record.passengers.length})`,
    );
  }
  const passengers: NewTrainArrival['passengers'] = [];
  const seen = new Set<string>();
  record.passengers.forEach((passenger, position) => {
    const idNumber = passenger.idNumber.trim().toUpperCase();
    const problem = residentIdProblem(idNumber);
    if (problem) reasons.push(`passenger ${position}: ID number ${problem}`);
    else if (seen.has(idNumber)) reasons.push(`passenger ${position}: ID number listed twice`);
    seen.add(idNumber);
    if (passenger.boardingCode && !REGION_CODE.test(passenger.boardingCode))
      reasons.push(`passenger ${position}: boarding code must be a 6-digit division code`);
    passengers.push({ idNumber, originCode: passenger.boardingCode || record.originCode });
  });
  if (reasons.length) return { index, trainNumber: record.trainNumber, reasons };
  return {
    index,
    stationCode,
    trainNumber,
    serviceDate: record.serviceDate,
    originCode: record.originCode,
    scheduledAt: scheduledAt!,
    actualAt,
    ticketedPassengers: record.ticketedPassengers,
    passengers,
  };
}

function instant(value: string, what: string, reasons: string[]): Date | null {
  const parsed = DATE_TIME.test(value) ? new Date(value) : null;
  if (!parsed || Number.isNaN(parsed.getTime())) {
    reasons.push(`${what} must be ISO 8601 with an offset, e.g. 2020-02-10T09:30:00+08:00`);
    return null;
  }
  return parsed;
}
