/**
 * The community risk model (疫情动态分析模型): 13 indicators, each with a weight and a rule that maps
 * its raw value onto 0–1. Raw values that count people are per 1,000 residents, so that a model
 * means the same in a community of 300 and one of 3,000; confirmed and suspected cases are counted
 * as they are, because one case matters whatever the size of the community.
 */
export type IndicatorSource = 'CASE_REPORTS' | 'POPULATION' | 'HOUSING' | 'TRANSPORT' | 'SITES';

export interface IndicatorDefinition {
  code: string;
  name: string;
  nameZh: string;
  /** Share of the score, 0.03 to 0.20; all weights of a model sum to 1. */
  weight: number;
  /** Raw value at or below which the indicator is 0. */
  floor: number;
  /** Raw value at or above which the indicator is 1; linear in between. */
  cap: number;
  unit: string;
  source: IndicatorSource;
}

export interface RiskModelDefinition {
  version: number;
  note: string;
  indicators: IndicatorDefinition[];
}

const indicator = (
  code: string,
  name: string,
  nameZh: string,
  weight: number,
  floor: number,
  cap: number,
  unit: string,
  source: IndicatorSource,
): IndicatorDefinition => ({ code, name, nameZh, weight, floor, cap, unit, source });

/** Version 1, as Xuhui started: the weights the issue suggests, in the 3%–20% band, summing to 100%. */
export const INITIAL_MODEL: RiskModelDefinition = {
  version: 1,
  note: 'Initial model: the 13 indicators of the Xuhui community model.',
  indicators: [
    indicator(
      'CONFIRMED_CASES',
      'Confirmed cases in 14 days',
      '确诊病例',
      0.2,
      0,
      2,
      'cases',
      'CASE_REPORTS',
    ),
    indicator(
      'SUSPECTED_CASES',
      'Suspected cases in 14 days',
      '疑似病例',
      0.12,
      0,
      3,
      'cases',
      'CASE_REPORTS',
    ),
    indicator(
      'CLOSE_CONTACTS',
      'Close contacts in 14 days',
      '密切接触者',
      0.1,
      0,
      20,
      'per 1,000 residents',
      'CASE_REPORTS',
    ),
    indicator(
      'KEY_REGION_ARRIVALS_14D',
      'Arrivals from key regions in 14 days',
      '重点地区来沪人员',
      0.1,
      0,
      60,
      'per 1,000 residents',
      'POPULATION',
    ),
    indicator(
      'HOME_QUARANTINE',
      'People in home quarantine',
      '居家隔离人员',
      0.08,
      0,
      20,
      'per 1,000 residents',
      'CASE_REPORTS',
    ),
    indicator(
      'RED_HEALTH_CODES',
      'Red health codes',
      '红码人员',
      0.08,
      0,
      10,
      'per 1,000 residents',
      'POPULATION',
    ),
    indicator(
      'YELLOW_HEALTH_CODES',
      'Yellow health codes',
      '黄码人员',
      0.05,
      0,
      50,
      'per 1,000 residents',
      'POPULATION',
    ),
    indicator(
      'FEVER_CLINIC_VISITS_7D',
      'Fever-clinic visits in 7 days',
      '发热门诊就诊',
      0.07,
      0,
      10,
      'per 1,000 residents',
      'CASE_REPORTS',
    ),
    indicator(
      'ELDERLY_SHARE',
      'Share of residents aged 65 or more',
      '65岁以上老人占比',
      0.04,
      0.1,
      0.4,
      'share',
      'POPULATION',
    ),
    indicator(
      'RESIDENTS_PER_DWELLING',
      'Residents per dwelling',
      '户均人口',
      0.03,
      2,
      5,
      'residents',
      'HOUSING',
    ),
    indicator(
      'GROUP_RENTALS',
      'Suspected group rentals',
      '疑似群租房',
      0.04,
      0,
      2,
      'dwellings',
      'HOUSING',
    ),
    indicator(
      'KEY_REGION_SITE_WORKERS',
      'Construction workers from key regions living there',
      '重点地区来沪工地人员',
      0.04,
      0,
      5,
      'workers',
      'SITES',
    ),
    indicator(
      'RAIL_ARRIVALS_24H',
      'Rail arrivals in 24 hours living there',
      '24小时铁路到达人员',
      0.05,
      0,
      5,
      'per 1,000 residents',
      'TRANSPORT',
    ),
  ],
};
