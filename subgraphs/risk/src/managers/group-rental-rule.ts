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

/**
 * A dwelling is flagged when its use implies at least `usageRatio` times its registered residents,
 * and at least `extraOccupants` people beyond them (a couple registered as one is not a group
 * rental), with at least `agreeingSignals` of the four signals agreeing (one odd meter does not
 * flag a home).
 */
export const FLAG_THRESHOLDS = { usageRatio: 2.5, extraOccupants: 3, agreeingSignals: 3 } as const;

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
  const agreeing = signals.filter(
    (value) => value >= FLAG_THRESHOLDS.usageRatio * registered,
  ).length;
  const flagged =
    usageRatio >= FLAG_THRESHOLDS.usageRatio &&
    estimatedOccupants - use.registeredResidents >= FLAG_THRESHOLDS.extraOccupants &&
    agreeing >= FLAG_THRESHOLDS.agreeingSignals;
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
