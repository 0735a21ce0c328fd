import { cityCodeOf, stockSeriesParent } from '@cityhub/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import type { PopulationContext } from '../context.js';
import type { DbDistrictRow, HealthCounts } from '../repositories/rows.js';

/** A city is its code; its districts are those of the hub whose code falls under it. */
export interface CityParent {
  code: string;
}

// Names of the cities the generated geography covers; another city's name is null.
const CITY_NAMES: Record<string, string> = { '310000': '上海市' };

function citiesOf(districts: DbDistrictRow[]): CityParent[] {
  return [...new Set(districts.map((district) => cityCodeOf(district.code)))].map((code) => ({
    code,
  }));
}

async function districtsOf(code: string, all: () => Promise<DbDistrictRow[]>) {
  return (await all()).filter((district) => cityCodeOf(district.code) === code);
}

function sumCounts(parts: HealthCounts[]): HealthCounts {
  const total = { residents: 0, green: 0, yellow: 0, red: 0 };
  for (const part of parts)
    for (const key of Object.keys(total) as Array<keyof HealthCounts>) total[key] += part[key];
  return total;
}

/** The city's residents by colour: its districts' exact counts added up (the rule rounds the total). */
async function cityCounts(code: string, { geography, loaders }: PopulationContext) {
  const districts = await districtsOf(code, () => geography.allDistricts());
  return sumCounts(
    await Promise.all(districts.map((d) => loaders.healthCountsByDistrict.load(d.code))),
  );
}

export const cityResolvers: Resolvers = {
  Query: {
    cities: async (_parent, _args, { geography }) => citiesOf(await geography.allDistricts()),
    city: async (_parent, { code }, { geography }) =>
      citiesOf(await geography.allDistricts()).find((city) => city.code === code) ?? null,
  },
  City: {
    __resolveReference: async ({ code }, { geography }) =>
      citiesOf(await geography.allDistricts()).find((city) => city.code === code) ?? null,
    name: ({ code }) => CITY_NAMES[code] ?? null,
    districts: ({ code }, _args, { geography }) =>
      districtsOf(code, () => geography.allDistricts()),
    healthCodeCounts: ({ code }, _args, context) => cityCounts(code, context),
    residentCount: async ({ code }, _args, context) => (await cityCounts(code, context)).residents,
    healthCodeSeries: ({ code }, args, { series }) =>
      stockSeriesParent(series.healthCodes.city, code, args),
  },
};
