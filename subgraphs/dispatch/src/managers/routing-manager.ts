import { InputProblems, type Caller } from '@cityhub/kit';
import type { DbRuleSetRow } from '../repositories/rows.js';
import type { RoutingStore } from '../repositories/routing-store.js';
import type { RoutingRule } from '../routing.js';
import { MAX_TEXT, textProblem } from './order-input.js';

const MIN_DEADLINE = 5;
const MAX_DEADLINE = 30 * 24 * 60;
const MAX_WINDOW = 7 * 24 * 60;

export interface RoutingRulesInput {
  note: string;
  mergeWindowMinutes: number;
  rules: RoutingRule[];
}

/** Administrators publish versions of the routing rules; earlier versions stay, as the orders they routed. */
export class RoutingManager {
  constructor(
    private readonly routing: RoutingStore,
    private readonly caller: Caller,
  ) {}

  async publish(input: RoutingRulesInput): Promise<DbRuleSetRow> {
    const problems = new InputProblems();
    problems.add('input.note', textProblem(input.note, MAX_TEXT));
    if (
      !Number.isInteger(input.mergeWindowMinutes) ||
      input.mergeWindowMinutes < 1 ||
      input.mergeWindowMinutes > MAX_WINDOW
    )
      problems.add('input.mergeWindowMinutes', `must be 1 to ${MAX_WINDOW}`);
    if (input.rules.length === 0) problems.add('input.rules', 'give at least one rule');
    const seen = new Set<string>();
    input.rules.forEach((rule, i) => {
      const key = `${rule.category}/${rule.priority}`;
      if (seen.has(key)) problems.add(`input.rules.${i}`, `${key} is given twice`);
      seen.add(key);
      if (
        !Number.isInteger(rule.deadlineMinutes) ||
        rule.deadlineMinutes < MIN_DEADLINE ||
        rule.deadlineMinutes > MAX_DEADLINE
      )
        problems.add(
          `input.rules.${i}.deadlineMinutes`,
          `must be ${MIN_DEADLINE} to ${MAX_DEADLINE}`,
        );
    });
    problems.throwIfAny();
    const rules = input.rules.map(({ category, priority, level, deadlineMinutes }) => ({
      category,
      priority,
      level,
      deadlineMinutes,
    }));
    return this.routing.publish(input.note.trim(), input.mergeWindowMinutes, rules, this.caller.id);
  }
}
