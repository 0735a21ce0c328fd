import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/support/database.js';
import { testCaller, testCity } from '../../../test/support/hub.js';
import { CaseReportManager, problemsOf } from '../src/managers/case-report-manager.js';
import { ModelManager } from '../src/managers/model-manager.js';
import { INITIAL_MODEL } from '../src/managers/risk-model.js';
import { CaseReportStore } from '../src/repositories/case-report-store.js';
import { ModelStore } from '../src/repositories/model-store.js';

const db = testDatabase('risk');
afterAll(() => db.destroy());

describe('bad input is reported whole', () => {
  it('lists every problem of a case report, not only the first', () => {
    expect(
      problemsOf(
        {
          recordId: 'bad record id!',
          idNumber: '123',
          kind: 'CONFIRMED',
          reportedOn: '2026-11-20',
          endsOn: '2026-11-01',
          communityCode: '3101',
        },
        '2026-11-30',
      ).map((problem) => problem.field),
    ).toEqual(['recordId', 'idNumber', 'endsOn', 'communityCode']);
  });

  it('ingests the good records of a batch and rejects each problem of the bad ones, by position', async () => {
    const person = testCity().person(11);
    const recordId = `refusals-${randomBytes(4).toString('hex')}`;
    const manager = new CaseReportManager(new CaseReportStore(db), testCaller(), 'test-key');
    const outcome = await manager.ingest(
      [
        {
          recordId,
          idNumber: person.idNumber,
          kind: 'SUSPECTED',
          reportedOn: '2026-11-20',
          communityCode: person.communityCode,
        },
        {
          recordId: `${recordId}-bad`,
          idNumber: person.idNumber,
          kind: 'CONFIRMED',
          reportedOn: '2999-01-01',
          communityCode: '31',
        },
        {
          recordId,
          idNumber: person.idNumber,
          kind: 'SUSPECTED',
          reportedOn: '2026-11-20',
          communityCode: person.communityCode,
        },
      ],
      '2026-11-30',
    );
    expect(outcome).toEqual({
      inserted: 1,
      updated: 0,
      unchanged: 0,
      rejected: [
        { index: 1, recordId: `${recordId}-bad`, field: 'reportedOn', reason: 'is in the future' },
        {
          index: 1,
          recordId: `${recordId}-bad`,
          field: 'communityCode',
          reason: 'must be a 13-digit community code',
        },
        { index: 2, recordId, field: 'recordId', reason: 'appears twice in this batch' },
      ],
    });
  });

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
