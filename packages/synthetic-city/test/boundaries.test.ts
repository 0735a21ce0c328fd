import { area } from '@turf/area';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { convex } from '@turf/convex';
import { feature, featureCollection, point } from '@turf/helpers';
import { describe, expect, it } from 'vitest';
import { communityBoundaries } from '../src/boundaries.js';
import { syntheticCity } from '../src/presets.js';

describe('community boundaries', () => {
  const { communities } = syntheticCity('demo', 1, '2020-02-10').geography;
  const boundaries = communityBoundaries(communities);

  it('gives each of the 957 communities one cell that holds its own point', () => {
    expect(boundaries.map((b) => b.code)).toEqual(communities.map((c) => c.code));
    communities.forEach((community, i) => {
      const geometry = boundaries[i]!.geometry;
      expect(area(feature(geometry))).toBeGreaterThan(0);
      expect(
        booleanPointInPolygon(point([community.longitude, community.latitude]), geometry),
      ).toBe(true);
    });
  });

  it('tiles the district: the cells cover more than the communities’ hull, without overlapping', () => {
    const total = boundaries.reduce((sum, b) => sum + area(feature(b.geometry)), 0);
    const hull = convex(
      featureCollection(communities.map((c) => point([c.longitude, c.latitude]))),
    )!;
    // The outline is the hull enlarged by 8 % in each direction: between 1 and 1.08² of its area.
    expect(total / area(hull)).toBeGreaterThan(1);
    expect(total / area(hull)).toBeLessThan(1.08 ** 2 + 0.001);
  });

  it('is the same map for the same points, and refuses points that enclose no area', () => {
    expect(communityBoundaries(communities.slice(0, 40))).toEqual(
      communityBoundaries(communities.slice(0, 40)),
    );
    expect(() => communityBoundaries(communities.slice(0, 2))).toThrow(/three/);
    const inLine = [0, 1, 2].map((i) => ({ code: `c${i}`, latitude: 31, longitude: 121 + i }));
    expect(() => communityBoundaries(inLine)).toThrow(/one line/);
  });
});
