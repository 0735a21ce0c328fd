import { cityDate } from '@cityhub/kit';
import { SHANGHAI_DISTRICTS, buildGeography, type Geography } from './geography.js';
import { ResidenceTable, personAt, type SyntheticPerson } from './people.js';

export type PresetName = 'test' | 'demo' | 'district' | 'city';

export interface Preset {
  name: PresetName;
  description: string;
  districts: string[];
  otherDistrictCommunities: number;
  residents: number;
}

/** The city's sizes, from DOMAIN.md: 957 communities and ~1.1 million residents in Xuhui; 10,806 communities in a city. */
export const PRESETS: Record<PresetName, Preset> = {
  test: {
    name: 'test',
    description: 'Xuhui geography, 3,000 residents (for the test suite)',
    districts: ['310104'],
    otherDistrictCommunities: 0,
    residents: 3_000,
  },
  demo: {
    name: 'demo',
    description: 'Xuhui geography, about 50,000 residents',
    districts: ['310104'],
    otherDistrictCommunities: 0,
    residents: 50_000,
  },
  district: {
    name: 'district',
    description: 'Xuhui at full size, about 1.1 million residents',
    districts: ['310104'],
    otherDistrictCommunities: 0,
    residents: 1_100_000,
  },
  city: {
    name: 'city',
    description: '16 districts, 10,806 communities, about 10 million residents',
    districts: SHANGHAI_DISTRICTS.map(({ code }) => code),
    otherDistrictCommunities: 10_806 - 957,
    residents: 10_000_000,
  },
};

export const DEFAULT_SEED = 20200210;

/**
 * A generated city: its geography and a way to produce any resident by index. Other departments'
 * generators use it to refer to the same people (legal representatives, workers, passengers).
 */
export class SyntheticCity {
  readonly geography: Geography;
  readonly residences: ResidenceTable;
  constructor(
    readonly preset: Preset,
    readonly seed: number,
    readonly referenceDate: string,
  ) {
    this.geography = buildGeography({
      seed,
      districts: preset.districts,
      otherDistrictCommunities: preset.otherDistrictCommunities,
    });
    this.residences = new ResidenceTable(this.geography, seed);
  }
  get residentCount(): number {
    return this.preset.residents;
  }
  person(index: number): SyntheticPerson {
    if (index < 0 || index >= this.preset.residents)
      throw new RangeError(`person index ${index} outside 0..${this.preset.residents - 1}`);
    return personAt(this.seed, index, this.residences, this.referenceDate);
  }
}

/** `referenceDate` is the demo's "today", in the city's own time zone (UTC+8) like every date the hub shows. */
export function syntheticCity(
  presetName: PresetName,
  seed = DEFAULT_SEED,
  referenceDate = cityDate(),
): SyntheticCity {
  const preset = PRESETS[presetName];
  if (!preset)
    throw new Error(`unknown preset ${presetName}; one of ${Object.keys(PRESETS).join(', ')}`);
  return new SyntheticCity(preset, seed, referenceDate);
}
