import { firstRecordOf, recordOf, recordsOf, Store, type Snaked } from '@cityhub/kit';
import type { RoutingRule } from '../routing.js';
import type { DbRuleSetRow } from './rows.js';

/** Versions of the routing rules. The only SQL about them. */
export class RoutingStore extends Store {
  /** Inside a transaction, pass it: a second connection per transaction would drain the pool. */
  latest(): Promise<DbRuleSetRow | null> {
    return firstRecordOf<DbRuleSetRow>(
      this.db('routing_rule_sets')
        .comment('dispatch.latestRules')
        .select('*')
        .orderBy('version', 'desc')
        .limit(1),
    );
  }

  byVersions(versions: readonly number[]): Promise<DbRuleSetRow[]> {
    return recordsOf<DbRuleSetRow>(
      this.db('routing_rule_sets')
        .comment('dispatch.rulesByVersions')
        .select('*')
        .whereIn('version', versions),
    );
  }

  all(): Promise<DbRuleSetRow[]> {
    return recordsOf<DbRuleSetRow>(
      this.db('routing_rule_sets')
        .comment('dispatch.allRules')
        .select('*')
        .orderBy('version', 'desc'),
    );
  }

  /** The next version number is taken inside the insert, so two publishers never share one. */
  async publish(
    note: string,
    mergeWindowMinutes: number,
    rules: RoutingRule[],
    publishedBy: string,
  ): Promise<DbRuleSetRow> {
    const { rows } = await this.db.raw<{ rows: Array<Snaked<DbRuleSetRow>> }>(
      `/* dispatch.publishRules */
       INSERT INTO routing_rule_sets (version, note, merge_window_minutes, rules, published_by)
       SELECT coalesce(max(version), 0) + 1, ?, ?, ?::jsonb, ? FROM routing_rule_sets
       RETURNING *`,
      [note, mergeWindowMinutes, JSON.stringify(rules), publishedBy],
    );
    return recordOf<DbRuleSetRow>(rows[0]!);
  }
}
