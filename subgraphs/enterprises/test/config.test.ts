import { describe, expect, it } from 'vitest';
import { enterprisesEnvironment } from '../src/config.js';

describe("the market-regulation department's settings", () => {
  it('warn at ±30% unless the department sets its own share, and refuse a share that is not one', () => {
    expect(enterprisesEnvironment.parse({}).ENTERPRISES_WARNING_SHARE).toBe(0.3);
    expect(
      enterprisesEnvironment.parse({ ENTERPRISES_WARNING_SHARE: '0.5' }).ENTERPRISES_WARNING_SHARE,
    ).toBe(0.5);
    for (const bad of ['0', '-0.2', 'thirty', '11'])
      expect(enterprisesEnvironment.safeParse({ ENTERPRISES_WARNING_SHARE: bad }).success).toBe(
        false,
      );
  });
});
