import type { GroupRentalEvidenceRow } from '../repositories/rows.js';

/**
 * Monthly use of one dwelling as a base load plus a load per occupant (Shanghai household norms).
 * The occupants each utility implies are (use − base) / per-person use.
 */
export const USAGE_NORMS = {
  water: { base: 1, perPerson: 3.5 },
  electricity: { base: 60, perPerson: 55 },
  gas: { base: 3, perPerson: 6 },
  deliveries: { base: 2, perPerson: 6 },
} as const;

/** A dwelling is flagged when its use implies at least this many times its registered residents… */
export const MIN_USAGE_RATIO = 2.5;
/** …and at least this many people beyond them, so that a couple registered as one is not a group rental. */
export const MIN_EXTRA_OCCUPANTS = 3;
/** …with at least three of the four signals agreeing, so that one odd meter does not flag a home. */
export const MIN_AGREEING_SIGNALS = 3;

export interface MonthlyUse {
  registeredResidents: number;
  waterM3: number;
  electricityKwh: number;
  gasM3: number;
  deliveries: number;
}

export interface GroupRentalFinding {
  flagged: boolean;
  estimatedOccupants: number;
  usageRatio: number;
  evidence: GroupRentalEvidenceRow;
}

const implied = (use: number, norm: { base: number; perPerson: number }) =>
  Math.max(0, (use - norm.base) / norm.perPerson);
const round1 = (value: number) => Math.round(value * 10) / 10;

/** The median of the four signals estimates the occupants: robust to one meter that is off. */
export function assessDwelling(use: MonthlyUse): GroupRentalFinding {
  const byWater = implied(use.waterM3, USAGE_NORMS.water);
  const byElectricity = implied(use.electricityKwh, USAGE_NORMS.electricity);
  const byGas = implied(use.gasM3, USAGE_NORMS.gas);
  const byDeliveries = implied(use.deliveries, USAGE_NORMS.deliveries);
  const signals = [byWater, byElectricity, byGas, byDeliveries].sort((a, b) => a - b);
  const estimatedOccupants = round1((signals[1]! + signals[2]!) / 2);
  const registered = Math.max(use.registeredResidents, 1);
  const usageRatio = Math.round((estimatedOccupants / registered) * 100) / 100;
  const agreeing = signals.filter((value) => value >= MIN_USAGE_RATIO * registered).length;
  const flagged =
    usageRatio >= MIN_USAGE_RATIO &&
    estimatedOccupants - use.registeredResidents >= MIN_EXTRA_OCCUPANTS &&
    agreeing >= MIN_AGREEING_SIGNALS;
  return {
    flagged,
    estimatedOccupants,
    usageRatio,
    evidence: {
      ...use,
      occupantsByWater: round1(byWater),
      occupantsByElectricity: round1(byElectricity),
      occupantsByGas: round1(byGas),
      occupantsByDeliveries: round1(byDeliveries),
    },
  };
}
