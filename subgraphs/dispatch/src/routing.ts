/** The vocabulary of work orders and the rules that route them; no SQL, no GraphQL. */
export const CATEGORIES = [
  'RED_COMMUNITY',
  'SCREENING_CASE',
  'ENTERPRISE_WARNING',
  'GROUP_RENTAL',
  'SITE_REPORT_MISSING',
  'EPIDEMIC_PREVENTION',
  'ENVIRONMENT',
  'HOUSING',
  'MARKET_ORDER',
  'PUBLIC_SAFETY',
  'OTHER',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const PRIORITIES = ['URGENT', 'HIGH', 'NORMAL'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** The ladder, lowest rung first: 小事不出网格、大事不出街镇. */
export const LEVELS = ['GRID', 'STREET', 'DISTRICT'] as const;
export type Level = (typeof LEVELS)[number];

export const OPEN_STATUSES = ['OPEN', 'ACCEPTED'] as const;
export type Status = 'OPEN' | 'ACCEPTED' | 'RESOLVED' | 'MERGED' | 'SPLIT';

export interface RoutingRule {
  category: Category;
  priority: Priority;
  level: Level;
  deadlineMinutes: number;
}

export interface RoutingRules {
  version: number;
  mergeWindowMinutes: number;
  rules: RoutingRule[];
}

/** Without a rule for its category at all: the street, within a day. */
export const FALLBACK_RULE = { level: 'STREET', deadlineMinutes: 24 * 60 } as const;

/** The rules the hub starts with; administrators publish later versions. */
export const INITIAL_RULES: Omit<RoutingRules, 'version'> & { note: string } = {
  note: 'Initial rules: red communities to their street within 2 hours; hotline matters to the grid.',
  mergeWindowMinutes: 24 * 60,
  rules: [
    { category: 'RED_COMMUNITY', priority: 'URGENT', level: 'STREET', deadlineMinutes: 120 },
    { category: 'SCREENING_CASE', priority: 'HIGH', level: 'STREET', deadlineMinutes: 240 },
    { category: 'ENTERPRISE_WARNING', priority: 'NORMAL', level: 'STREET', deadlineMinutes: 2880 },
    { category: 'GROUP_RENTAL', priority: 'NORMAL', level: 'GRID', deadlineMinutes: 1440 },
    { category: 'SITE_REPORT_MISSING', priority: 'HIGH', level: 'GRID', deadlineMinutes: 240 },
    { category: 'EPIDEMIC_PREVENTION', priority: 'URGENT', level: 'GRID', deadlineMinutes: 60 },
    { category: 'EPIDEMIC_PREVENTION', priority: 'NORMAL', level: 'GRID', deadlineMinutes: 480 },
    { category: 'ENVIRONMENT', priority: 'NORMAL', level: 'GRID', deadlineMinutes: 1440 },
    { category: 'HOUSING', priority: 'NORMAL', level: 'GRID', deadlineMinutes: 2880 },
    { category: 'MARKET_ORDER', priority: 'NORMAL', level: 'STREET', deadlineMinutes: 1440 },
    { category: 'PUBLIC_SAFETY', priority: 'URGENT', level: 'STREET', deadlineMinutes: 60 },
    { category: 'OTHER', priority: 'NORMAL', level: 'GRID', deadlineMinutes: 2880 },
  ],
};

/**
 * The rule for an order: its category and priority; else its category at any priority (the most
 * urgent listed); else the street within a day.
 */
export function ruleFor(
  rules: readonly RoutingRule[],
  category: Category,
  priority: Priority,
): { level: Level; deadlineMinutes: number } {
  const exact = rules.find((rule) => rule.category === category && rule.priority === priority);
  if (exact) return exact;
  const ofCategory = rules
    .filter((rule) => rule.category === category)
    .sort((a, b) => PRIORITIES.indexOf(a.priority) - PRIORITIES.indexOf(b.priority));
  return ofCategory[0] ?? FALLBACK_RULE;
}

/** The next rung up, or null at the district. */
export function nextLevel(level: Level): Level | null {
  return LEVELS[LEVELS.indexOf(level) + 1] ?? null;
}

/**
 * The unit that answers for an order at a level: the community at the grid (a community without
 * one goes to its street), the street, the district (the street code's first six digits).
 */
export function unitAt(
  level: Level,
  place: { streetCode: string; communityCode: string | null },
): { level: Level; unit: string } {
  if (level === 'GRID')
    return place.communityCode
      ? { level, unit: place.communityCode }
      : { level: 'STREET', unit: place.streetCode };
  if (level === 'STREET') return { level, unit: place.streetCode };
  return { level, unit: place.streetCode.slice(0, 6) };
}

export function addMinutes(at: Date, minutes: number): Date {
  return new Date(at.getTime() + minutes * 60_000);
}
