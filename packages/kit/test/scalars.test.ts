import { Kind } from 'graphql';
import { describe, expect, it } from 'vitest';
import { type BadUserInputError } from '../src/errors.js';
import {
  CreditCodeScalar,
  DateScalar,
  DateTimeScalar,
  ResidentIdScalar,
  requireDate,
  requireResidentId,
} from '../src/scalars.js';

describe('validated scalars', () => {
  it('normalise valid values and refuse invalid ones with BAD_USER_INPUT and a reason', () => {
    expect(ResidentIdScalar.parseValue('11010519491231002x')).toBe('11010519491231002X');
    expect(CreditCodeScalar.parseLiteral({ kind: Kind.STRING, value: '91350100m000100y43' })).toBe(
      '91350100M000100Y43',
    );
    expect(() => ResidentIdScalar.parseValue('110105194912310021')).toThrow(
      /wrong check character/,
    );
    try {
      DateScalar.parseValue('2020-02-30');
      expect.unreachable();
    } catch (error) {
      expect((error as BadUserInputError).extensions.code).toBe('BAD_USER_INPUT');
    }
    expect(() => ResidentIdScalar.parseLiteral({ kind: Kind.INT, value: '1' })).toThrow(
      /string literal/,
    );
  });

  it('DateTime needs a time zone and serialises to ISO in the city offset (UTC+8)', () => {
    expect(DateTimeScalar.parseValue('2020-02-10T09:30:00+08:00')).toEqual(
      new Date('2020-02-10T01:30:00Z'),
    );
    expect(() => DateTimeScalar.parseValue('2020-02-10 09:30')).toThrow(/ISO 8601/);
    expect(DateTimeScalar.serialize(new Date('2020-02-10T01:30:00Z'))).toBe(
      '2020-02-10T09:30:00.000+08:00',
    );
    // The city's midnight is its own day's, not the previous UTC evening.
    const midnight = DateTimeScalar.serialize(new Date('2026-11-28T16:00:00.000Z'));
    expect(midnight).toBe('2026-11-29T00:00:00.000+08:00');
    expect(new Date(midnight).toISOString()).toBe('2026-11-28T16:00:00.000Z');
  });

  it('argument checks name the argument', () => {
    try {
      requireResidentId('idNumber', '123');
      expect.unreachable();
    } catch (error) {
      expect((error as BadUserInputError).extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        argumentName: 'idNumber',
      });
    }
    expect(() => requireDate('from', '2020-13-01')).toThrow(/Invalid from/);
  });
});
