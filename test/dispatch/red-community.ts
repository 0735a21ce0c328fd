import { RiskRunner } from '@cityhub/risk';
import { describe, expect, it } from 'vitest';
import { authHeaders, graphql } from '../support/hub.js';
import { communityAboutToTurnRed } from '../support/red-community.js';
import { until } from '../support/until.js';
import {
  risk,
  logger,
  DATE,
  clock,
  COMMUNITY_ORDERS,
  STATS,
  ORDER,
  hub,
  gateway,
} from './dispatch-hub.js';

describe('dispatch end to end: from a problem found to a problem closed', () => {
  it('the nightly run turns a community red → an order for its street within seconds → a street official accepts and resolves it → the statistics move', async () => {
    const runner = new RiskRunner(risk, gateway(), logger);
    const { community, street } = await communityAboutToTurnRed(risk, runner, DATE, 'dispatch-e2e');

    const official = await authHeaders({
      roles: ['street-official'],
      streets: [street],
      subject: 'official-e2e',
    });
    const statsBefore = await graphql(hub.gateway.url, STATS, { code: street }, official);
    expect(statsBefore.errors).toBeUndefined();

    await runner.run(DATE, 'COMMAND_LINE', 'dispatch-e2e');
    const ranAt = Date.now();
    const order = await until(async () => {
      const answer = await graphql(
        hub.gateway.url,
        COMMUNITY_ORDERS,
        { code: community },
        official,
      );
      expect(answer.errors).toBeUndefined();
      return answer
        .data!.community.workOrders.edges.map((edge: any) => edge.node)
        .find((node: any) => node.category === 'RED_COMMUNITY');
    });
    logger.info({ seconds: (Date.now() - ranAt) / 1000 }, 'red community to work order');
    expect(order).toMatchObject({
      priority: 'URGENT',
      status: 'OPEN',
      level: 'STREET',
      assignedUnit: street,
      overdue: false,
      street: { code: street, name: expect.any(String) },
      community: { name: expect.any(String) },
    });
    // Red within 2 hours.
    expect(Date.parse(order.dueAt) - clock().getTime()).toBeGreaterThan(115 * 60_000);
    expect(Date.parse(order.dueAt) - clock().getTime()).toBeLessThanOrEqual(120 * 60_000);

    // Another street's official, and the aggregates-only screen, do not see it.
    const elsewhere = await authHeaders({ roles: ['street-official'], streets: ['310104999'] });
    const viewer = await authHeaders({ roles: ['viewer'] }, null);
    for (const headers of [elsewhere, viewer]) {
      const seen = await graphql(hub.gateway.url, ORDER, { id: order.id }, headers);
      expect(seen.data!.workOrder).toBeNull();
      const accepted = await graphql(
        hub.gateway.url,
        'mutation ($id: ID!) { acceptWorkOrder(id: $id) { id } }',
        { id: order.id },
        headers,
      );
      expect(accepted.data?.acceptWorkOrder ?? null).toBeNull();
    }

    const accepted = await graphql(
      hub.gateway.url,
      'mutation ($id: ID!) { acceptWorkOrder(id: $id) { status handlerId acceptedAt } }',
      { id: order.id },
      official,
    );
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data!.acceptWorkOrder).toMatchObject({
      status: 'ACCEPTED',
      handlerId: 'official-e2e',
    });
    const resolved = await graphql(
      hub.gateway.url,
      'mutation ($id: ID!, $evidence: String!) { resolveWorkOrder(id: $id, evidence: $evidence) { status resolution resolvedAt history { action actor } } }',
      { id: order.id, evidence: '已完成全员核酸检测与封控' },
      official,
    );
    expect(resolved.errors).toBeUndefined();
    expect(resolved.data!.resolveWorkOrder).toMatchObject({
      status: 'RESOLVED',
      resolution: '已完成全员核酸检测与封控',
    });
    expect(
      resolved.data!.resolveWorkOrder.history.map((step: any) => [step.action, step.actor]),
    ).toEqual([
      ['OPENED', 'system:event:risk.level_changed'],
      ['ACCEPTED', 'official-e2e'],
      ['RESOLVED', 'official-e2e'],
    ]);

    const statsAfter = await graphql(hub.gateway.url, STATS, { code: street }, official);
    const categoryOf = (answer: any) =>
      answer.data.street.workOrderStats.byCategory.find(
        (c: any) => c.category === 'RED_COMMUNITY',
      ) ?? { resolvedLast30Days: 0 };
    expect(statsAfter.data!.street.workOrderStats.resolvedLast30Days).toBe(
      statsBefore.data!.street.workOrderStats.resolvedLast30Days + 1,
    );
    expect(categoryOf(statsAfter).resolvedLast30Days).toBe(
      categoryOf(statsBefore).resolvedLast30Days + 1,
    );
    expect(statsAfter.data!.street.workOrderStats.medianMinutesToClose).toEqual(expect.any(Number));
    // The screen sees the same figures with small counts withheld and the others rounded.
    const screen = await graphql(hub.gateway.url, STATS, { code: street }, viewer);
    expect(screen.errors).toBeUndefined();
    const exact = statsAfter.data!.street.workOrderStats;
    const published = screen.data!.street.workOrderStats;
    const rule = (n: number) => (n < 5 ? null : Math.round(n / 5) * 5);
    expect(published.resolvedLast30Days).toBe(rule(exact.resolvedLast30Days));
    expect(published.open).toBe(rule(exact.open));
    if (rule(exact.resolvedLast30Days) === null) expect(published.medianMinutesToClose).toBeNull();
  });
});
