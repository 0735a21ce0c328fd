import { describe, expect, it } from 'vitest';
import { requireSiteInView, streetsInView } from '../src/rules/access-rules.js';
import { caller } from './support.js';

describe('the street rule for street-local roles', () => {
  const official = caller({ roles: ['street-official'], streets: ['310104003', '310104004'] });
  const district = caller();

  it("limits an official's lists to their streets and refuses another street", () => {
    expect(streetsInView(official, null)).toEqual(['310104003', '310104004']);
    expect(streetsInView(official, '310104004')).toEqual(['310104004']);
    expect(() => streetsInView(official, '310104016')).toThrowError(
      expect.objectContaining({
        extensions: expect.objectContaining({ code: 'FORBIDDEN', streetCode: '310104016' }),
      }),
    );
    expect(() => requireSiteInView(official, { streetCode: '310104016' })).toThrowError(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }),
    );
    expect(() => requireSiteInView(official, { streetCode: '310104003' })).not.toThrow();
  });

  it('leaves a district official every street', () => {
    expect(streetsInView(district, null)).toBeNull();
    expect(streetsInView(district, '310104016')).toEqual(['310104016']);
  });
});
