import { InputProblems } from '@cityhub/kit';
import { describe, expect, it } from 'vitest';
import {
  actsForEnterprise,
  isStreetOfficial,
  mayOpenFiling,
  mayRecordIndicators,
  maySeeRegistrations,
} from '../src/rules/access-rules.js';
import { normaliseCode, randomCode, seededCode } from '../src/rules/registration-codes.js';
import { addMonths, affectedMonths, monthOf } from '../src/rules/indicator-months.js';
import { batchIdsFrom, reasonFrom, registrationFrom } from '../src/rules/registration-form.js';
import { likePrefix } from '@cityhub/kit';
import { qrText, renderQrCode } from '../src/resolvers/qr-code.js';
import { callers, registrant } from './fixtures.js';

const enterprise = { legalRepPersonId: 'rep-person-id-000000000', streetCode: '310104011' };
const argumentOf = (action: () => unknown) => {
  try {
    action();
  } catch (error) {
    return (error as { extensions: { argumentName: string } }).extensions.argumentName;
  }
  return null;
};

describe('who may act on a filing', () => {
  it('lets the representative act for the enterprise, and not another representative or an official', () => {
    expect(actsForEnterprise(callers.representative(enterprise.legalRepPersonId), enterprise)).toBe(
      true,
    );
    expect(actsForEnterprise(callers.representative('someone-else-000000000'), enterprise)).toBe(
      false,
    );
    expect(actsForEnterprise(callers.streetOfficial(['310104011']), enterprise)).toBe(false);
    expect(actsForEnterprise(callers.service(), enterprise)).toBe(true);
    expect(actsForEnterprise(callers.anonymous(), enterprise)).toBe(false);
  });

  it('lets officials of the street open and review, and no other street', () => {
    expect(mayOpenFiling(callers.streetOfficial(['310104011']), enterprise)).toBe(true);
    expect(mayOpenFiling(callers.streetOfficial(['310104003']), enterprise)).toBe(false);
    expect(
      isStreetOfficial(callers.representative(enterprise.legalRepPersonId), enterprise.streetCode),
    ).toBe(false);
    expect(
      isStreetOfficial(
        { ...callers.streetOfficial(['310104011']), kind: 'anonymous' },
        enterprise.streetCode,
      ),
    ).toBe(false);
  });

  it('shows employees to the representative and to officials of the street only', () => {
    expect(
      maySeeRegistrations(callers.representative(enterprise.legalRepPersonId), enterprise),
    ).toBe(true);
    expect(maySeeRegistrations(callers.representative('someone-else-000000000'), enterprise)).toBe(
      false,
    );
    expect(maySeeRegistrations(callers.streetOfficial(['310104011']), enterprise)).toBe(true);
    expect(maySeeRegistrations(callers.streetOfficial(['310104012']), enterprise)).toBe(false);
    expect(maySeeRegistrations(callers.anonymous(), enterprise)).toBe(false);
  });

  it('lets a representative record indicators of their own enterprise only', () => {
    expect(
      mayRecordIndicators(callers.representative(enterprise.legalRepPersonId), enterprise),
    ).toBe(true);
    expect(mayRecordIndicators(callers.representative('someone-else-000000000'), enterprise)).toBe(
      false,
    );
    expect(mayRecordIndicators(callers.service(), enterprise)).toBe(true);
    expect(mayRecordIndicators(callers.streetOfficial(['310104011']), enterprise)).toBe(false);
  });
});

describe('codes', () => {
  it('issues 10-character codes that differ, and reads them back as people type them', () => {
    const codes = new Set(Array.from({ length: 1000 }, () => randomCode()));
    expect(codes.size).toBe(1000);
    const code = [...codes][0]!;
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(normaliseCode('code', `${code.slice(0, 5).toLowerCase()}-${code.slice(5)}`)).toBe(code);
    expect(normaliseCode('code', 'OILABCDEFG')).toBe('011ABCDEFG');
    expect(argumentOf(() => normaliseCode('code', 'short'))).toBe('code');
    expect(seededCode('key', 'filing:1')).toBe(seededCode('key', 'filing:1'));
    expect(seededCode('key', 'filing:1')).not.toBe(seededCode('other key', 'filing:1'));
  });

  it('encodes the link base and the code in a QR image', async () => {
    expect(qrText('ABCDE12345', null)).toBe('ABCDE12345');
    expect(qrText('ABCDE12345', 'https://hub.example/r/')).toBe('https://hub.example/r/ABCDE12345');
    expect(argumentOf(() => qrText('ABCDE12345', 'javascript:alert(1)'))).toBe('linkBase');
    expect((await renderQrCode('ABCDE12345', 'PNG')).image).toMatch(/^data:image\/png;base64,/);
  });
});

describe('registration forms', () => {
  const today = '2026-11-22';
  /** The fields a check reported, in order. */
  const fieldsOf = (check: (problems: InputProblems) => unknown) => {
    const problems = new InputProblems();
    check(problems);
    return problems.list.map((problem) => problem.field);
  };

  it('derives the hub id and names every bad field, all in one answer', () => {
    const form = registrant(3);
    const problems = new InputProblems();
    const row = registrationFrom(form, 'key-key-key-key-key', today, problems);
    expect(problems.list).toEqual([]);
    expect(row).toMatchObject({ idNumber: form.idNumber, name: form.name, phone: form.phone });
    expect(row.personId).toHaveLength(22);
    const bad = {
      idNumber: '110105194912310021',
      name: '  ',
      phone: '2345678901',
      originCode: '4201',
      arrivedOn: '2026-11-23',
    };
    expect(fieldsOf((p) => registrationFrom(bad, 'k', today, p))).toEqual([
      'registrant.idNumber',
      'registrant.name',
      'registrant.phone',
      'registrant.originCode',
      'registrant.arrivedOn',
    ]);
  });

  it('takes a batch as ids or as all pending, never both, and rejections need a reason', () => {
    const problems = new InputProblems();
    expect(batchIdsFrom('ids', ['3', '1', '3'], false, problems)).toEqual([3, 1]);
    expect(batchIdsFrom('ids', null, true, problems)).toBeNull();
    expect(reasonFrom('reason', ' 材料不全 ', true, problems)).toBe('材料不全');
    expect(problems.list).toEqual([]);
    expect(fieldsOf((p) => batchIdsFrom('ids', ['1'], true, p))).toEqual(['ids']);
    expect(fieldsOf((p) => batchIdsFrom('ids', [], false, p))).toEqual(['ids']);
    expect(fieldsOf((p) => batchIdsFrom('ids', ['x'], false, p))).toEqual(['ids']);
    expect(fieldsOf((p) => reasonFrom('reason', ' ', true, p))).toEqual(['reason']);
  });
});

describe('months and prefixes', () => {
  it('recomputes the month itself, the next month and the same month next year', () => {
    expect(monthOf('2020-02-29')).toBe('2020-02-01');
    expect(addMonths('2020-12-01', 1)).toBe('2021-01-01');
    expect(
      affectedMonths([
        { creditCode: 'A', month: '2020-01-01' },
        { creditCode: 'A', month: '2020-02-01' },
      ])
        .map((t) => t.month)
        .sort(),
    ).toEqual(['2020-01-01', '2020-02-01', '2020-03-01', '2021-01-01', '2021-02-01']);
  });

  it('matches a name prefix literally', () => {
    expect(likePrefix('50%_折扣\\')).toBe('50\\%\\_折扣\\\\%');
  });
});
