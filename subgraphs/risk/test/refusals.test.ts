import { afterAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/support/database.js';
import { testCaller } from '../../../test/support/hub.js';
import { ModelManager } from '../src/managers/model-manager.js';
import { INITIAL_MODEL } from '../src/managers/risk-model.js';
import { ModelStore } from '../src/repositories/model-store.js';

const db = testDatabase('risk');
afterAll(() => db.destroy());

describe('bad input is reported whole', () => {
  it('refuses a model edit with all of its problems at once, and publishes nothing', async () => {
    const models = new ModelStore(db);
    const before = (await models.latest())!.version;
    const indicators = INITIAL_MODEL.indicators.map((item, index) =>
      index === 0 ? { ...item, weight: 0.5, source: 'WEATHER' } : item,
    );
    await expect(
      new ModelManager(models, testCaller()).publish({ note: ' ', indicators }),
    ).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', argumentName: 'input.note' },
      problems: [
        'input.note',
        'input.indicators[0].source',
        'indicators[0].weight',
        'indicators',
      ].map((field) => ({ field })),
    });
    expect((await models.latest())!.version).toBe(before);
  });
});
