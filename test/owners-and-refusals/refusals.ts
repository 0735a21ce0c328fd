import { describe, expect, it } from 'vitest';
import { freshEnterprise } from '../../subgraphs/enterprises/test/fixtures.js';
import { authHeaders } from '../support/hub.js';
import {
  enterprisesDb,
  STREET,
  ask,
  official,
  residentOffStreet,
  errorsAt,
} from './refusals-hub.js';

describe('a refusal lands at the field refused, with its path, and the rest stays', () => {
  it("a street official's street and enterprise keep everything but a representative living elsewhere", async () => {
    const enterprise = await freshEnterprise(
      enterprisesDb,
      { streetCode: STREET },
      residentOffStreet(STREET),
    );
    const headers = await official(STREET);
    const street = await ask(
      'query ($s: ID!, $n: String!) { street(code: $s) { name enterprises(namePrefix: $n) { totalCount edges { node { creditCode name legalRepresentative { name } } } } } }',
      { s: STREET, n: enterprise.name },
      headers,
    );
    expect(street.data!.street).toMatchObject({
      name: expect.any(String),
      enterprises: {
        totalCount: 1,
        edges: [
          {
            node: {
              creditCode: enterprise.creditCode,
              name: enterprise.name,
              legalRepresentative: null,
            },
          },
        ],
      },
    });
    expect(errorsAt(street)).toEqual([
      [['street', 'enterprises', 'edges', 0, 'node', 'legalRepresentative'], 'FORBIDDEN'],
    ]);

    const single = await ask(
      'query ($c: String!) { enterprise(creditCode: $c) { name legalRepresentative { name } filingCounts { open } } }',
      { c: enterprise.creditCode },
      headers,
    );
    expect(single.data!.enterprise).toEqual({
      name: enterprise.name,
      legalRepresentative: null,
      filingCounts: { open: 0 },
    });
    expect(errorsAt(single)).toEqual([[['enterprise', 'legalRepresentative'], 'FORBIDDEN']]);
  });

  it("an official of another street keeps a filing's status and loses only its registrations", async () => {
    const enterprise = await freshEnterprise(enterprisesDb, { streetCode: STREET });
    const opened = await ask(
      'mutation ($c: String!) { openFiling(creditCode: $c) { code } }',
      { c: enterprise.creditCode },
      await official(STREET),
    );
    const filing = await ask(
      'query ($f: String!) { filing(code: $f) { status registrations { totalCount } history { action } } }',
      { f: opened.data!.openFiling.code },
      await official('310104011'),
    );
    expect(filing.data!.filing).toEqual({ status: 'OPEN', registrations: null, history: null });
    expect(errorsAt(filing)).toEqual([
      [['filing', 'registrations'], 'FORBIDDEN'],
      [['filing', 'history'], 'FORBIDDEN'],
    ]);
  });

  it("a viewer's district keeps its figures when a street's rows are refused", async () => {
    const viewer = await authHeaders({ subject: 'screen', roles: ['viewer'] }, null);
    const district = await ask(
      '{ district(code: "310104") { name residentCount streets { code enterprises { totalCount } } } }',
      {},
      viewer,
    );
    expect(district.data!.district).toMatchObject({
      name: '徐汇区',
      residentCount: expect.any(Number),
    });
    const streets = district.data!.district.streets as Array<{ enterprises: unknown }>;
    expect(streets.every((street) => street.enterprises === null)).toBe(true);
    expect(errorsAt(district)).toEqual(
      streets.map((_street, i) => [['district', 'streets', i, 'enterprises'], 'FORBIDDEN']),
    );

    // A forecast outside the published bins (one whole city day) is refused at each station only.
    const forecasts = await ask(
      '{ district(code: "310104") { name streets { stations { code arrivalsForecast(hours: 3) { totalArrivals } } } } }',
      {},
      viewer,
    );
    expect(forecasts.data!.district.name).toBe('徐汇区');
    const stations = (
      forecasts.data!.district.streets as Array<{ stations: any[] | null }>
    ).flatMap((street) => street.stations ?? []);
    expect(stations.length).toBeGreaterThan(0);
    expect(stations.every((station) => station.code && station.arrivalsForecast === null)).toBe(
      true,
    );
    expect(forecasts.errors).toHaveLength(stations.length);
    expect(
      forecasts.errors!.every(
        (error: any) =>
          error.path.at(-1) === 'arrivalsForecast' && error.extensions.code === 'BAD_USER_INPUT',
      ),
    ).toBe(true);
  });
});
