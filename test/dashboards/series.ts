import { shiftDate } from '@cityhub/kit';
import { describe, expect, it } from 'vitest';
import { graphql } from '../support/hub.js';
import { url, YESTERDAY } from './dashboards-hub.js';

describe('the city above the districts', () => {
  it('rolls every department’s series up to the city, equal to its one district’s here', async () => {
    const from = shiftDate(YESTERDAY, -6);
    const fields = (series: string, figures: string) =>
      `${series}(from: "${from}", to: "${YESTERDAY}", interval: WEEK) { points { date ${figures} } }`;
    const figures = [
      fields('healthCodeSeries', 'residents red'),
      fields('resumptionSeries', 'resumedEnterprises operatingEnterprises'),
      fields('siteSeries', 'sites headcount'),
    ].join(' ');
    const { data, errors } = await graphql<{ cities: any[]; district: any }>(
      url,
      `{ cities { code name residentCount districts { code } ${figures} }
         district(code: "310104") { residentCount ${figures} } }`,
    );
    expect(errors).toBeUndefined();
    const [city] = data!.cities;
    expect(city).toMatchObject({ code: '310000', name: '上海市', districts: [{ code: '310104' }] });
    const { residentCount, ...series } = data!.district;
    expect(city.residentCount).toBe(residentCount);
    expect(city.healthCodeSeries.points.length).toBeGreaterThan(0);
    for (const [name, value] of Object.entries(series)) expect(city[name]).toEqual(value);
  });
});
