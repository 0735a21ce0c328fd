import { cityDate, createLogger, shiftDate } from '@cityhub/kit';
import { ageOn } from '../../subgraphs/population/src/managers/ages.js';
import { catchUpMissedRun, RiskRunner, RunStore } from '@cityhub/risk';
import { describe, expect, it } from 'vitest';
import { countStatements, testCity } from '../support/hub.js';
import { risk, hub, gatewayUrl, gateway, DATE, scoresOn } from './risk-hub.js';

describe('the nightly risk run through the gateway', () => {
  it('assesses all 957 communities from a few gateway requests, reproducibly', async () => {
    const runner = new RiskRunner(risk, gateway(), createLogger('risk-test', 'silent'));
    const { result: first, statements } = await countStatements(hub, () =>
      runner.run(DATE, 'COMMAND_LINE', 'test'),
    );
    expect(first.communities).toBe(957);
    // One request per district and source, not one per community.
    expect(first.gatewayRequests).toBeLessThan(15);
    expect(statements.population!).toBeLessThan(40);
    const sources = new Map(first.sources.map((source) => [source.name, source]));
    expect(sources.get('population')).toMatchObject({ available: true, records: 957 });
    expect(sources.get('population:ages')).toMatchObject({ available: true, records: 957 });
    expect(sources.get('population:addresses')).toMatchObject({ available: true });
    expect(sources.get('risk:housing')!.detail).toMatch(/registered residents from population/);
    // The paged reads of the other departments: rail arrivals, and every enterprise for credit.
    expect(sources.get('transport')).toMatchObject({ available: true });
    expect(sources.get('enterprises')!.records).toBeGreaterThan(0);
    // Screenings are counted from the sites (each with its contractor), not asked of every enterprise.
    expect(sources.get('sites:screenings')).toMatchObject({ available: true });
    expect(sources.get('sites:screenings')!.records).toBeGreaterThan(0);
    const before = await scoresOn(DATE);
    const second = await runner.run(DATE, 'COMMAND_LINE', 'test');
    expect(second.run.id).not.toBe(first.run.id);
    expect(await scoresOn(DATE)).toEqual(before);
    const levels: Array<{ level: string }> = await risk('risk_assessments')
      .select('level')
      .where({ assessed_on: DATE })
      .groupBy('level');
    expect(levels.map((row: { level: string }) => row.level).sort()).toEqual([
      'BLUE',
      'RED',
      'YELLOW',
    ]);
  });

  it('catches up a day no run covers once the gateway answers, and leaves a covered day alone', async () => {
    const runner = new RiskRunner(risk, gateway(), createLogger('risk-test', 'silent'));
    const runs = new RunStore(risk);
    const missed = shiftDate(DATE, -3);
    expect(await runs.coveredOn(missed)).toBe(false);
    expect(
      await catchUpMissedRun(runner, runs, createLogger('risk-test', 'silent'), {
        gatewayUrl,
        date: missed,
      }),
    ).toBe('ran');
    expect((await scoresOn(missed)).size).toBe(957);
    expect(
      await catchUpMissedRun(runner, runs, createLogger('risk-test', 'silent'), {
        gatewayUrl,
        date: missed,
      }),
    ).toBe('already-covered');
    expect(
      Number((await risk('risk_runs').where({ assessed_on: missed }).count({ n: '*' }))[0]!.n),
    ).toBe(1);
    // With no gateway to read the inputs from, it gives up after waiting, and nothing is stored.
    const unreachable = await catchUpMissedRun(runner, runs, createLogger('risk-test', 'silent'), {
      gatewayUrl: 'http://127.0.0.1:9/graphql',
      date: shiftDate(DATE, -4),
      waitForGatewayMs: 1_500,
    });
    expect(unreachable).toBe('gateway-unreachable');
    expect(await runs.coveredOn(shiftDate(DATE, -4))).toBe(false);
  });

  it("reads population's figures through the gateway: key-region arrivals per 1,000 residents match the generated city", async () => {
    const city = testCity();
    const arrivals = new Map<string, number>();
    const residents = new Map<string, number>();
    for (let i = 0; i < city.residentCount; i++) {
      const person = city.person(i);
      residents.set(person.communityCode, (residents.get(person.communityCode) ?? 0) + 1);
      if (
        person.arrival &&
        person.arrival.arrivedOn >= shiftDate(DATE, -13) &&
        person.arrival.arrivedOn <= DATE
      )
        arrivals.set(person.communityCode, (arrivals.get(person.communityCode) ?? 0) + 1);
    }
    const [code, count] = [...arrivals].sort((a, b) => b[1] - a[1])[0]!;
    const row = await risk('risk_assessments')
      .where({ assessed_on: DATE, community_code: code })
      .first();
    expect(row.resident_count).toBe(residents.get(code));
    const contribution = row.contributions.find(
      (c: { code: string }) => c.code === 'KEY_REGION_ARRIVALS_14D',
    );
    expect(contribution.rawValue).toBeCloseTo((count * 1000) / residents.get(code)!, 3);
    // The elderly share comes from population's count of residents aged 65 or more.
    const elderly = Array.from({ length: city.residentCount }, (_, i) => city.person(i)).filter(
      (p) => p.communityCode === code && ageOn(p.birthDate, cityDate()) >= 65,
    ).length;
    const share = row.contributions.find((c: { code: string }) => c.code === 'ELDERLY_SHARE');
    expect(share.rawValue).toBeCloseTo(elderly / residents.get(code)!, 6);
  });
});
