import { describe, expect, it } from 'vitest';
import { authHeaders, graphql } from '../support/hub.js';
import { hub, person, street, codeOf } from './forms-hub.js';

describe('health-code changes through the gateway', () => {
  it('are recorded from the feed role only, show in the person history and move the community board', async () => {
    const board = `query ($code: ID!) { community(code: $code) { healthCodeCounts { green yellow red } } }`;
    const before = await graphql(hub.gateway.url, board, { code: person.communityCode });
    const target = person.healthCode === 'RED' ? 'GREEN' : 'RED';
    const change = {
      sourceId: 'hc-e2e-1',
      idNumber: person.idNumber,
      color: target,
      changedAt: new Date().toISOString(),
    };
    const MUTATION = `mutation ($changes: [HealthCodeChangeInput!]!) { recordHealthCodeChanges(changes: $changes) {
      applied superseded duplicates rejected rejections { index field reason } } }`;
    const official = await authHeaders({ roles: ['street-official'], streets: [street] });
    expect(codeOf(await graphql(hub.gateway.url, MUTATION, { changes: [change] }, official))).toBe(
      'FORBIDDEN',
    );
    const feed = await authHeaders({ subject: 'hc-system', roles: ['health-code-feed'] }, null);
    const receipt = await graphql(
      hub.gateway.url,
      MUTATION,
      { changes: [change, { ...change, sourceId: 'hc-e2e-2', color: 'PURPLE' }] },
      feed,
    );
    expect(receipt.data!.recordHealthCodeChanges).toEqual({
      applied: 1,
      superseded: 0,
      duplicates: 0,
      rejected: 1,
      rejections: [{ index: 1, field: 'color', reason: 'must be one of GREEN, YELLOW, RED' }],
    });
    const again = await graphql(hub.gateway.url, MUTATION, { changes: [change] }, feed);
    expect(again.data!.recordHealthCodeChanges).toMatchObject({ applied: 0, duplicates: 1 });
    const history = await graphql(
      hub.gateway.url,
      `
        query ($id: String!) {
          person(idNumber: $id) {
            healthCode {
              color
            }
            healthCodeHistory {
              color
              feed
              sourceId
              recordedBy
              applied
            }
          }
        }
      `,
      { id: person.idNumber },
    );
    expect(history.data!.person).toEqual({
      healthCode: { color: target },
      healthCodeHistory: [
        {
          color: target,
          feed: 'API',
          sourceId: 'hc-e2e-1',
          recordedBy: 'user:hc-system',
          applied: true,
        },
      ],
    });
    const after = await graphql(hub.gateway.url, board, { code: person.communityCode });
    const key = target.toLowerCase() as 'red' | 'green';
    expect(after.data!.community.healthCodeCounts[key]).toBe(
      before.data!.community.healthCodeCounts[key] + 1,
    );
  });
});
