import { makeResidentId } from '@cityhub/kit';
import {
  ORIGIN_REGIONS,
  ORIGIN_WEIGHTS,
  Random,
  addDays,
  hash32,
  labelHash,
  type SyntheticCity,
} from '@cityhub/synthetic-city';
import { chinaInstant } from '../domain/time.js';
import type { DbCheckpointPassageRow } from '../repositories/rows.js';
import type { CheckpointSpec, StationSpec } from './places.js';
import {
  CHECKPOINT_VEHICLES_PER_DAY,
  PASSENGERS_PER_SERVICE,
  dailyBase,
  holidayFactor,
  hourlyWeights,
  isWeekend,
  type TicketedKind,
} from './traffic-profile.js';

/**
 * The generated traffic of one station or checkpoint on one day: a pure function of the seed, the
 * place and the date, so a resumed seed regenerates exactly the day it stopped in.
 */
export interface GeneratedPassenger {
  /** An ID number; the seed stores only its hub person id. */
  idNumber: string;
  originCode: string;
}

export interface GeneratedTrain {
  trainNumber: string;
  originCode: string;
  scheduledAt: Date;
  actualAt: Date | null;
  passengers: GeneratedPassenger[];
}

/** A passage as the store keeps it, with the occupants' id numbers (the seed turns them into person ids). */
export interface GeneratedPassage extends Omit<
  DbCheckpointPassageRow,
  'id' | 'checkpointCode' | 'personIds'
> {
  idNumbers: string[];
}

/** A resident's own arrival (from the population generator) that this department saw too. */
export interface ResidentArrival {
  idNumber: string;
  fromCode: string;
}

const OUTSIDE_SHANGHAI = ORIGIN_REGIONS.map((region, i) => ({
  region,
  weight: ORIGIN_WEIGHTS[i]!,
})).filter(({ region }) => !region.code.startsWith('31'));
const SHANGHAI = ORIGIN_REGIONS.filter((region) => region.code.startsWith('31'));
const RAIL_PREFIXES = ['G', 'D', 'K', 'T', 'Z'];
const PLATE_PROVINCES: Record<string, string> = {
  '11': '京',
  '13': '冀',
  '14': '晋',
  '23': '黑',
  '31': '沪',
  '32': '苏',
  '33': '浙',
  '34': '皖',
  '35': '闽',
  '36': '赣',
  '37': '鲁',
  '41': '豫',
  '42': '鄂',
  '43': '湘',
  '44': '粤',
  '50': '渝',
  '51': '川',
  '61': '陕',
};
const PLATE_CHARACTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
/** Share of listed travellers who live in the district; the rest are visitors. */
const RESIDENT_SHARE = 0.2;

/** Passengers a ticketed station expects on a date, before any resident's own arrival is added. */
export function expectedDailyArrivals(
  kind: TicketedKind,
  date: string,
  scale: number,
  seed: number,
  stationCode: string,
): number {
  const noise = 0.95 + (hash32(seed, labelHash(stationCode), labelHash(date)) % 1001) / 10_000;
  return Math.round(dailyBase(kind, date) * holidayFactor(date) * scale * noise);
}

export function trainsFor(
  city: SyntheticCity,
  station: StationSpec,
  date: string,
  scale: number,
  pastDay: boolean,
  residentArrivals: readonly ResidentArrival[] = [],
): GeneratedTrain[] {
  if (station.kind === 'METRO_HUB') return [];
  const kind: TicketedKind = station.kind;
  const random = new Random(city.seed, labelHash(station.code), labelHash(date), 7);
  const total = expectedDailyArrivals(kind, date, scale, city.seed, station.code);
  const perHour = splitByWeights(total, hourlyWeights(kind, isWeekend(date)));
  const trains: GeneratedTrain[] = [];
  perHour.forEach((passengers, hour) => {
    if (passengers === 0) return;
    const count = Math.min(39, Math.max(1, Math.round(passengers / PASSENGERS_PER_SERVICE[kind])));
    const loads = splitByWeights(
      passengers,
      Array.from({ length: count }, () => 0.5 + random.next()),
    );
    loads.forEach((load, j) => {
      const originCode = random.weighted(
        OUTSIDE_SHANGHAI,
        OUTSIDE_SHANGHAI.map(({ weight }) => weight),
      ).region.code;
      // Most trains arrive within their hour, as the timetable the checkers were planned on says.
      const scheduledAt = chinaInstant(date, hour * 60 + random.int(40));
      const delayMinutes = random.chance(0.1) ? random.between(5, 35) : random.int(6);
      const number = 1000 + hour * 40 + j;
      trains.push({
        trainNumber: kind === 'RAIL' ? `${random.pick(RAIL_PREFIXES)}${number}` : `SN${number}`,
        originCode,
        scheduledAt,
        actualAt: pastDay ? new Date(scheduledAt.getTime() + delayMinutes * 60_000) : null,
        passengers: Array.from({ length: load }, () =>
          traveller(city, random, random.chance(0.65) ? originCode : outsideOrigin(random)),
        ),
      });
    });
  });
  // Residents whose own arrival by rail the population generator made ride one of the day's trains.
  for (const arrival of residentArrivals) {
    const train = trains[hash32(city.seed, labelHash(arrival.idNumber)) % trains.length];
    train?.passengers.push({ idNumber: arrival.idNumber, originCode: arrival.fromCode });
  }
  return trains;
}

export function passagesFor(
  city: SyntheticCity,
  checkpoint: CheckpointSpec,
  date: string,
  scale: number,
  residentArrivals: readonly ResidentArrival[] = [],
): GeneratedPassage[] {
  const random = new Random(city.seed, labelHash(checkpoint.code), labelHash(date), 8);
  const factor = holidayFactor(date);
  const total = Math.round(
    CHECKPOINT_VEHICLES_PER_DAY * factor * scale * (0.9 + random.next() * 0.2),
  );
  const perHour = splitByWeights(total, hourlyWeights('CHECKPOINT', isWeekend(date)));
  // In a return wave more vehicles come in than go out.
  const inboundShare = Math.min(0.75, 0.5 + 0.25 * (factor - 1));
  const passages: GeneratedPassage[] = [];
  perHour.forEach((vehicles, hour) => {
    for (let i = 0; i < vehicles; i++) {
      const direction = random.chance(inboundShare) ? 'INBOUND' : 'OUTBOUND';
      const originCode = random.chance(0.7) ? random.pick(SHANGHAI).code : outsideOrigin(random);
      const roll = random.next();
      const vehicleKind = roll < 0.85 ? 'CAR' : roll < 0.9 ? 'BUS' : 'TRUCK';
      const occupants =
        vehicleKind === 'CAR'
          ? random.between(1, 4)
          : vehicleKind === 'BUS'
            ? random.between(10, 45)
            : random.between(1, 2);
      const checked = direction === 'INBOUND' ? Math.min(occupants, 5) : 0;
      passages.push({
        passedAt: chinaInstant(date, hour * 60 + random.int(60)),
        direction,
        plate: plateFor(random, originCode),
        vehicleKind,
        originCode,
        occupants,
        idNumbers: Array.from(
          { length: checked },
          () => traveller(city, random, originCode).idNumber,
        ),
      });
    }
  });
  for (const arrival of residentArrivals) {
    passages.push({
      passedAt: chinaInstant(
        date,
        7 * 60 + (hash32(city.seed, labelHash(arrival.idNumber), 9) % (14 * 60)),
      ),
      direction: 'INBOUND',
      plate: plateFor(random, arrival.fromCode),
      vehicleKind: 'CAR',
      originCode: arrival.fromCode,
      occupants: 1,
      idNumbers: [arrival.idNumber],
    });
  }
  return passages;
}

/** Splits a whole number by weights so that the parts are whole and add up exactly (largest remainder). */
export function splitByWeights(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) return weights.map(() => 0);
  const exact = weights.map((weight) => (total * weight) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact
    .map((value, i) => ({ i, remainder: value - Math.floor(value) }))
    .sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    parts[i]!++;
    left--;
  }
  return parts;
}

function outsideOrigin(random: Random): string {
  return random.weighted(
    OUTSIDE_SHANGHAI,
    OUTSIDE_SHANGHAI.map(({ weight }) => weight),
  ).region.code;
}

/** A district resident (the same person population holds) or a visitor with a valid ID number. */
function traveller(city: SyntheticCity, random: Random, originCode: string): GeneratedPassenger {
  if (random.chance(RESIDENT_SHARE))
    return { idNumber: city.person(random.int(city.residentCount)).idNumber, originCode };
  const birthDate = addDays('1950-01-01', random.int(20_000));
  return { idNumber: makeResidentId(originCode, birthDate, random.int(1000)), originCode };
}

function plateFor(random: Random, originCode: string): string {
  const province = PLATE_PROVINCES[originCode.slice(0, 2)] ?? '沪';
  let tail = '';
  for (let i = 0; i < 5; i++) tail += PLATE_CHARACTERS[random.int(PLATE_CHARACTERS.length)];
  return `${province}${String.fromCharCode(65 + random.int(8))}${tail}`;
}
