import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { authHeaders, graphql } from '../support/hub.js';
import { until } from '../support/until.js';
import { population, enterprises, sites, audit, advanceClock, ORDER, hub } from './dispatch-hub.js';

describe('dispatch end to end: from a problem found to a problem closed', () => {
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
    advanceClock(61 * 60_000);
    expect(
      await until(async () => (await levelOf()).level === 'STREET' && (await levelOf())),
    ).toMatchObject({ assignedUnit: street });
    advanceClock(61 * 60_000);
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
