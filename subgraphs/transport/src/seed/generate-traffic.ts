import { Random, hash32, labelHash, type SyntheticCity } from '@cityhub/synthetic-city';
import { chinaInstant } from '../domain/time.js';
import type { DbCheckpointPassageRow } from '../repositories/rows.js';
import type { CheckpointSpec, StationSpec } from './places.js';
import {
  SHANGHAI,
  outsideOrigin,
  plateFor,
  splitByWeights,
  traveller,
  type GeneratedPassenger,
} from './travellers.js';
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
export { splitByWeights } from './travellers.js';
export type { GeneratedPassenger } from './travellers.js';

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

const RAIL_PREFIXES = ['G', 'D', 'K', 'T', 'Z'];

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
      const originCode = outsideOrigin(random);
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
