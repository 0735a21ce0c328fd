import { describe, expect, it } from 'vitest';
import { DATE, callers, useDifferencingHub } from '../support/differencing-hub.js';
import { BASE } from '../support/disclosure-attack.js';
import { graphql } from '../support/hub.js';

/** A risk assessment must not give away the case counts it was computed from. */
const { gatewayUrl, truth } = useDifferencingHub({ riskRun: true });

describe.each(callers)('differencing attacks as %s', (_name, headers) => {
  it("does not give a community's case counts through its risk assessment", async () => {
    const target = truth()
      .streets.flatMap((s) => s.communities)
      .find((c) => c.residentCount! > 0 && c.residentCount! % BASE !== 0)!;
    const response = await graphql(
      gatewayUrl(),
      'query ($code: ID!, $date: Date!) { community(code: $code) { risk(date: $date) { score residentCount contributions { indicator { code } rawValue normalisedValue contribution } } riskHistory(from: $date, to: $date) { residentCount contributions { rawValue } } } }',
      { code: target.code, date: DATE },
      await headers(),
    );
    if (_name === 'anonymous') {
      expect(response.data?.community?.risk ?? null).toBeNull();
      return;
    }
    const assessment = response.data!.community.risk;
    expect(assessment.score).toEqual(expect.any(Number));
    expect(assessment.residentCount).not.toBe(target.residentCount);
    expect(assessment.residentCount % BASE).toBe(0);
    for (const contribution of [
      ...assessment.contributions,
      ...response.data!.community.riskHistory.flatMap((a: any) => a.contributions),
    ]) {
      expect(contribution.rawValue ?? null).toBeNull();
      expect(contribution.normalisedValue ?? null).toBeNull();
      expect(contribution.contribution ?? null).toBeNull();
    }
    expect(response.errors?.every((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
  });
});
