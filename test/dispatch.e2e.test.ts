import { randomBytes } from 'node:crypto';
import { createLogger, shiftDate } from '@cityhub/kit';
import { createDispatchSubgraph } from '@cityhub/dispatch';
import { loadSubgraphModules, type InProcessHub } from '@cityhub/launcher';
import { createRiskSubgraph, RiskRunner } from '@cityhub/risk';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TEST_REFERENCE_DATE } from './support/constants.js';
import { freshDatabase, testDatabase } from './support/database.js';
import { authHeaders, graphql, startTestHub, testKey } from './support/hub.js';
import { communityAboutToTurnRed } from './support/red-community.js';
import { until } from './support/until.js';

const risk = testDatabase('risk');
const population = testDatabase('population');
const enterprises = testDatabase('enterprises');
const sites = testDatabase('sites');
const audit = testDatabase('audit');
const logger = createLogger('dispatch-e2e', 'silent');
const DATE = shiftDate(TEST_REFERENCE_DATE, -2);

/** The department's clock: real time plus what the test has moved it forward by. */
let offsetMs = 0;
const clock = () => new Date(Date.now() + offsetMs);

const COMMUNITY_ORDERS = `query ($code: ID!) { community(code: $code) { name
  workOrders(statuses: [OPEN, ACCEPTED]) { totalCount edges { node {
    id category priority status level assignedUnit dueAt overdue street { code name } community { name } } } } } }`;
const STATS = `query ($code: ID!) { street(code: $code) { name workOrderStats {
  open overdue resolvedLast30Days medianMinutesToClose byCategory { category open resolvedLast30Days } } } }`;
const ORDER = `query ($id: ID!) { workOrder(id: $id) { id status level assignedUnit handlerId callerPhone
  history { action actor at fromLevel toLevel unit note } } }`;

describe('dispatch end to end: from a problem found to a problem closed', () => {
  let hub: InProcessHub;
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  const gateway = () => ({
    url: hub.gateway.url,
    servicePrivateKey: testKey('risk-run'),
    timeoutMs: 60_000,
  });

  beforeAll(async () => {
    // Dispatch keeps its orders in a database of its own here: the test moves its clock forward,
    // and the escalation must not reach other tests' orders.
    database = await freshDatabase();
    const dispatch = createDispatchSubgraph({
      now: clock,
      settings: () => ({
        escalationSchedule: '* * * * * *',
        escalationEnabled: true,
        attachmentMaxBytes: 65_536,
      }),
      consumerName: `dispatch-e2e-${randomBytes(4).toString('hex')}`,
    });
    const modules = (await loadSubgraphModules()).map((module) =>
      module.entry.name === 'risk'
        ? { ...module, subgraph: createRiskSubgraph(gateway) as never }
        : module.entry.name === 'dispatch'
          ? { ...module, subgraph: dispatch as never }
          : module,
    );
    const shared = inject('databaseUrl');
    hub = await startTestHub(undefined, {
      modules,
      databaseUrlOf: (name) => (name === 'dispatch' ? database.url : shared),
      events: { databaseUrl: shared, pollMs: 100 },
    });
  }, 120_000);
  afterAll(async () => {
    await hub?.stop();
    await database?.drop();
    await Promise.all([risk, audit, population, enterprises, sites].map((db) => db.destroy()));
  });

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

  it('a hotline call sent twice at once makes one order; left overdue it climbs grid → street → district on its own', async () => {
    const street = '310104003';
    const community = (
      await graphql(
        hub.gateway.url,
        '{ street(code: "310104003") { communities(first: 1) { edges { node { code } } } } }',
        undefined,
        {},
      )
    ).data!.street.communities.edges[0].node.code;
    const hotline = await authHeaders({ roles: ['hotline-feed'], subject: 'hotline-12345' }, null);
    const call = {
      callId: `e2e-${randomBytes(6).toString('hex')}`,
      category: 'EPIDEMIC_PREVENTION',
      priority: 'URGENT',
      text: '小区有人聚集打牌，未戴口罩',
      streetCode: street,
      communityCode: community,
      location: '测试路88弄5号',
      callerPhone: '13912345678',
      callerName: '李四',
    };
    const ingest =
      'mutation ($input: HotlineCallInput!) { ingestHotlineCall(input: $input) { id level assignedUnit } }';
    const answers = await Promise.all(
      [1, 2, 3].map(() => graphql(hub.gateway.url, ingest, { input: call }, hotline)),
    );
    for (const answer of answers) expect(answer.errors).toBeUndefined();
    const ids = new Set(answers.map((answer) => answer.data!.ingestHotlineCall.id));
    expect(ids.size).toBe(1);
    const id = [...ids][0]!;
    expect(answers[0]!.data!.ingestHotlineCall).toMatchObject({
      level: 'GRID',
      assignedUnit: community,
    });

    const official = await authHeaders({ roles: ['street-official'], streets: [street] });
    const unmasked = await graphql(hub.gateway.url, ORDER, { id }, official);
    expect(unmasked.data!.workOrder.callerPhone).toBe('13912345678');
    const masked = await graphql(
      hub.gateway.url,
      ORDER,
      { id },
      await authHeaders({ roles: ['street-official'], streets: [street] }, null),
    );
    expect(masked.data!.workOrder.callerPhone).toBe('139****5678');
    await until(async () => {
      const reads = await audit('personal_data_reads')
        .where({ subgraph: 'dispatch' })
        .whereRaw("'WorkOrder.callerPhone' = ANY(fields)");
      return reads.length > 0;
    });

    const levelOf = async () =>
      (await graphql(hub.gateway.url, ORDER, { id }, official)).data!.workOrder;
    offsetMs += 61 * 60_000;
    expect(
      await until(async () => (await levelOf()).level === 'STREET' && (await levelOf())),
    ).toMatchObject({ assignedUnit: street });
    offsetMs += 61 * 60_000;
    const top = await until(
      async () => (await levelOf()).level === 'DISTRICT' && (await levelOf()),
    );
    expect(top.assignedUnit).toBe('310104');
    expect(
      top.history.map((step: any) => [step.action, step.actor, step.fromLevel, step.toLevel]),
    ).toEqual([
      ['OPENED', 'hotline-12345', null, 'GRID'],
      ['ESCALATED', 'system:escalation', 'GRID', 'STREET'],
      ['ESCALATED', 'system:escalation', 'STREET', 'DISTRICT'],
    ]);
  });

  it('an order about an enterprise and a site, with a reporter, is listed on each; the other departments resolve them inside the order', async () => {
    const enterprise = await enterprises('enterprises')
      .orderBy('credit_code')
      .first('credit_code', 'street_code');
    const site = await sites('sites')
      .where({ street_code: enterprise.street_code })
      .orderBy('id')
      .first('id');
    const resident = await population('residents').orderBy('id').first('id');
    const official = await authHeaders({ roles: ['district-official'], subject: 'district-e2e' });
    const opened = await graphql(
      hub.gateway.url,
      'mutation ($input: OpenWorkOrderInput!) { openWorkOrder(input: $input) { id source level } }',
      {
        input: {
          category: 'MARKET_ORDER',
          title: '店铺占道经营',
          description: '工地旁店铺占道经营，居民来电反映',
          streetCode: enterprise.street_code,
          creditCode: enterprise.credit_code,
          siteId: site?.id ?? null,
          reporterPersonId: resident.id,
        },
      },
      official,
    );
    expect(opened.errors).toBeUndefined();
    const id = opened.data!.openWorkOrder.id;
    const answer = await graphql(
      hub.gateway.url,
      `
        query ($creditCode: String!, $siteId: ID!, $id: ID!) {
          enterprise(creditCode: $creditCode) {
            name
            workOrders {
              edges {
                node {
                  id
                }
              }
            }
          }
          site(id: $siteId) {
            name
            workOrders {
              edges {
                node {
                  id
                }
              }
            }
          }
          workOrder(id: $id) {
            source
            reporter {
              id
              name
            }
            enterprise {
              name
            }
            site {
              name
            }
            street {
              name
            }
          }
        }
      `,
      { creditCode: enterprise.credit_code, siteId: site?.id ?? 'none', id },
      official,
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.enterprise.workOrders.edges.map((edge: any) => edge.node.id)).toContain(id);
    if (site)
      expect(answer.data!.site.workOrders.edges.map((edge: any) => edge.node.id)).toContain(id);
    expect(answer.data!.workOrder).toMatchObject({
      source: 'MANUAL',
      reporter: { id: resident.id, name: expect.any(String) },
      enterprise: { name: answer.data!.enterprise.name },
      street: { name: expect.any(String) },
    });
    // The reporter, signed in as themself, sees their own order and no one else's.
    const reporter = await authHeaders({ roles: ['viewer'], personId: resident.id }, null);
    const own = await graphql(hub.gateway.url, ORDER, { id }, reporter);
    expect(own.data!.workOrder).toMatchObject({ id, status: 'OPEN' });
    const listed = await graphql(
      hub.gateway.url,
      '{ workOrders { totalCount } }',
      undefined,
      reporter,
    );
    expect(listed.data!.workOrders.totalCount).toBe(1);
  });
});
