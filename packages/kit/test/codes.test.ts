import { describe, expect, it } from 'vitest';
import {
  creditCodeCheckCharacter,
  creditCodeProblem,
  isValidCreditCode,
  makeCreditCode,
} from '../src/codes/credit-code.js';
import { divisionCodeProblem } from '../src/codes/division-code.js';
import {
  isValidResidentId,
  makeResidentId,
  parseResidentId,
  residentIdCheckCharacter,
  residentIdProblem,
} from '../src/codes/resident-id.js';
import { personIdFor } from '../src/person-id.js';

describe('resident ID numbers (GB 11643)', () => {
  it('accepts the standard example and computes its check character', () => {
    expect(residentIdCheckCharacter('11010519491231002')).toBe('X');
    expect(isValidResidentId('11010519491231002X')).toBe(true);
    expect(isValidResidentId('11010519491231002x')).toBe(true);
  });

  it('refuses a wrong check character, an impossible date, a future date and a bad shape, saying why', () => {
    expect(residentIdProblem('110105194912310021')).toBe('has a wrong check character');
    const february30 = '31010419900230' + '123';
    expect(residentIdProblem(february30 + residentIdCheckCharacter(february30))).toBe(
      'contains an impossible birth date',
    );
    const future = '31010421000101' + '123';
    expect(residentIdProblem(future + residentIdCheckCharacter(future))).toBe(
      'contains an impossible birth date',
    );
    expect(residentIdProblem('3101041990')).toBe('must be 18 characters');
    expect(residentIdProblem('31010419900101A23X')).toBe(
      'must be 17 digits followed by a digit or X',
    );
  });

  it('builds and parses: address code, birth date, gender from the sequence parity', () => {
    const id = makeResidentId('420106', '1985-03-07', 123);
    expect(isValidResidentId(id)).toBe(true);
    expect(parseResidentId(id)).toEqual({
      addressCode: '420106',
      birthDate: '1985-03-07',
      sequence: '123',
      gender: 'MALE',
    });
    expect(parseResidentId(makeResidentId('420106', '1985-03-07', 124)).gender).toBe('FEMALE');
  });
});

describe('unified social credit codes (GB 32100)', () => {
  it('accepts the standard example', () => {
    expect(creditCodeCheckCharacter('91350100M000100Y4')).toBe('3');
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true);
  });

  it('refuses a wrong check character, letters outside the alphabet and a bad length', () => {
    expect(creditCodeProblem('91350100M000100Y44')).toBe('has a wrong check character');
    expect(creditCodeProblem('91350100M000100I43')).toBe(
      'may only use digits and the letters ABCDEFGHJKLMNPQRTUWXY',
    );
    expect(creditCodeProblem('9135')).toBe('must be 18 characters');
  });

  it('makes valid codes whatever the body', () => {
    for (const body of ['91310104MA1FL0000', '92310104000000001', '91310104ABCDEFGHJ']) {
      expect(isValidCreditCode(makeCreditCode(body))).toBe(true);
    }
  });
});

describe('division codes', () => {
  it('checks the length per level', () => {
    expect(divisionCodeProblem('310104', 'DISTRICT')).toBeNull();
    expect(divisionCodeProblem('310104003', 'DISTRICT')).toBe('must be 6 digits for a district');
    expect(divisionCodeProblem('31010x')).toBe('must contain digits only');
    expect(divisionCodeProblem('3101040030001')).toBeNull();
  });
});

describe('person ids', () => {
  it('are stable, keyed, and do not reveal the ID number', () => {
    const id = personIdFor('11010519491231002X', 'key-one-at-least-16');
    expect(id).toBe(personIdFor('11010519491231002x', 'key-one-at-least-16'));
    expect(id).not.toBe(personIdFor('11010519491231002X', 'key-two-at-least-16'));
    expect(id).toHaveLength(22);
    expect(id).not.toContain('110105');
  });
});
