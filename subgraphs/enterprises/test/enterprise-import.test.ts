import { writeFileSync } from 'node:fs';
import { runImport } from '@cityhub/importer';
import { makeCreditCode, makeResidentId, personIdFor } from '@cityhub/kit';
import { describe, expect, it } from 'vitest';
import { TEST_PERSON_ID_KEY } from '../../../test/support/constants.js';
import {
  expectNothingChangedTheSecondTime,
  importTarget,
  importThreeTimes,
} from '../../../test/support/file-import.js';
import { importMappings } from '../src/importers/index.js';

const [mapping] = importMappings({ personIdKey: TEST_PERSON_ID_KEY });

const FIRST = makeCreditCode('91310104MA1FL0001');
const SECOND = makeCreditCode('91310104MA1FL0002');
const THIRD = makeCreditCode('91310104MA1FL0003');
const WRONG_CHECK = FIRST.slice(0, 17) + (FIRST[17] === '0' ? '1' : '0');
const REP = makeResidentId('310104', '1975-04-12', 11);
const HEADER =
  'credit_code,name,legal_rep_id_number,industry,street_code,status,employee_count,registered_on';

const department = importTarget('enterprises');

describe('importing an enterprise register', () => {
  it('loads the good records, refuses each bad one with its fields and reasons, and changes nothing the second time', async () => {
    const runs = await importThreeTimes(
      department.db,
      mapping!,
      department.file('enterprises.csv'),
      [
        HEADER,
        `${FIRST},上海甲建材有限公司,${REP},C,310104003,OPERATING,120,2015-03-02`,
        `${SECOND},"上海乙餐饮, 有限公司",${REP},h,310104012,suspended,8,2019-11-30`,
        `${WRONG_CHECK},丙公司,${REP},C,310104003,OPERATING,5,2018-01-01`,
        `${THIRD},丁公司,31010419750412001,Z,31010400,ACTIVE,-3,2099-01-01`,
        `${FIRST},重复公司,${REP},C,310104003,OPERATING,1,2015-03-02`,
        `${THIRD},,${REP},C,310104003,CLOSED,1.5,2015-02-30`,
      ].join('\n'),
      'enterprises',
    );
    expect(runs.first).toMatchObject({
      status: 'DONE',
      rows_read: 6,
      rows_rejected: 4,
      rows_inserted: 2,
      rows_updated: 0,
    });
    expect(runs.rejections).toEqual([
      '4 credit_code: has a wrong check character',
      '5 employee_count: must be between 0 and 1000000',
      '5 industry: must be one of A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q, R, S, T',
      '5 legal_rep_id_number: must be 18 characters',
      '5 registered_on: is in the future',
      '5 status: must be one of OPERATING, SUSPENDED, CLOSED',
      '5 street_code: must be 9 digits for a street',
      '6 credit_code: repeats the credit_code of line 2',
      '7 employee_count: must be a whole number',
      '7 name: is required',
      '7 registered_on: must be a date YYYY-MM-DD',
    ]);
    expect(await department.db('enterprises').orderBy('credit_code')).toEqual([
      {
        credit_code: FIRST,
        name: '上海甲建材有限公司',
        legal_rep_person_id: personIdFor(REP, TEST_PERSON_ID_KEY),
        industry: 'C',
        street_code: '310104003',
        status: 'OPERATING',
        employee_count: 120,
        registered_on: '2015-03-02',
      },
      expect.objectContaining({
        credit_code: SECOND,
        name: '上海乙餐饮, 有限公司',
        industry: 'H',
        status: 'SUSPENDED',
      }),
    ]);
    expectNothingChangedTheSecondTime(runs, 2);
  });

  it('updates only the enterprise whose record changed', async () => {
    const file = department.file('enterprises-changed.jsonl');
    writeFileSync(
      file,
      [
        {
          credit_code: FIRST,
          name: '上海甲建材有限公司',
          legal_rep_id_number: REP,
          industry: 'C',
          street_code: '310104003',
          status: 'CLOSED',
          employee_count: 0,
          registered_on: '2015-03-02',
        },
        {
          credit_code: SECOND,
          name: '上海乙餐饮, 有限公司',
          legal_rep_id_number: REP,
          industry: 'H',
          street_code: '310104012',
          status: 'SUSPENDED',
          employee_count: 8,
          registered_on: '2019-11-30',
        },
      ]
        .map((record) => JSON.stringify(record))
        .join('\n'),
    );
    const { job } = await runImport({
      db: department.db,
      mapping: mapping!,
      file,
      startedBy: 'test',
    });
    expect(job).toMatchObject({
      rows_inserted: 0,
      rows_updated: 1,
      rows_unchanged: 1,
      rows_rejected: 0,
    });
    expect(await department.db('enterprises').where({ credit_code: FIRST }).first()).toMatchObject({
      status: 'CLOSED',
      employee_count: 0,
    });
  });
});
