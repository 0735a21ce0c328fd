import { REGISTERED_PURPOSES } from '@cityhub/kit';
import { describe, expect, it } from 'vitest';
import { testDatabase } from './support/database.js';
import { authHeaders, graphql, testCity, useTestHub } from './support/hub.js';

const audit = testDatabase('audit');
const testHub = useTestHub(audit);

const PERSON = 'query ($id: String!) { person(idNumber: $id) { name } }';

async function lookUp(subject: string, purposeHeaders: Record<string, string>) {
  const authorization = (await authHeaders({ subject }, null)).authorization!;
  return graphql(
    testHub().gateway.url,
    PERSON,
    { id: testCity().person(3).idNumber },
    { authorization, ...purposeHeaders },
  );
}

describe('purposes people can state', () => {
  it('lists the registered purposes, with department, description and legal basis', async () => {
    const response = await graphql(
      testHub().gateway.url,
      '{ purposes { code department description legalBasis } }',
      {},
      {},
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.purposes).toEqual(REGISTERED_PURPOSES);
    expect(response.data!.purposes).toContainEqual(
      expect.objectContaining({ code: 'health-code-check', department: 'population' }),
    );
  });

  it('records the code and the decoded note of an unmasked read', async () => {
    const note = '徐家汇站闸机 3号';
    const response = await lookUp('purpose-with-note', {
      'x-purpose': 'health-code-check',
      'x-purpose-note': encodeURIComponent(note),
    });
    expect(response.errors).toBeUndefined();
    expect(response.data!.person.name).toBe(testCity().person(3).name);
    const records = await audit('personal_data_reads').where({ caller_id: 'purpose-with-note' });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      purpose: 'health-code-check',
      purpose_note: note,
      access: 'unmasked',
    });
  });

  it('refuses free text or an unknown code as a purpose, saying what it accepts', async () => {
    // What curl sends for `x-purpose: 健康码核验`: the UTF-8 bytes, read as Latin-1.
    const mojibake = Buffer.from('健康码核验', 'utf8').toString('latin1');
    for (const purpose of ['x', 'health code check', mojibake]) {
      const response = await lookUp('purpose-refused', { 'x-purpose': purpose });
      expect(response.status).toBe(400);
      expect(response.errors![0]!.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        header: 'x-purpose',
        accepted: REGISTERED_PURPOSES.map((registered) => registered.code),
      });
    }
    expect(await audit('personal_data_reads').where({ caller_id: 'purpose-refused' })).toEqual([]);
  });

  it('refuses a note that is not percent-encoded UTF-8, or that explains no purpose', async () => {
    for (const headers of <Array<Record<string, string>>>[
      { 'x-purpose': 'health-code-check', 'x-purpose-note': '%E9%97' },
      { 'x-purpose-note': 'gate' },
    ]) {
      const response = await lookUp('purpose-bad-note', headers);
      expect(response.status).toBe(400);
      expect(response.errors![0]!.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        header: 'x-purpose-note',
      });
    }
  });
});
