import { convex } from '@turf/convex';
import { featureCollection, point, polygon } from '@turf/helpers';
import { intersect } from '@turf/intersect';
import { transformScale } from '@turf/transform-scale';
import { Delaunay } from 'd3-delaunay';
import type { MultiPolygon, Polygon } from 'geojson';

/** A community's point, as the population department stores it. */
export interface CommunityPoint {
  code: string;
  latitude: number;
  longitude: number;
}

export interface CommunityBoundary {
  code: string;
  geometry: Polygon | MultiPolygon;
}

/** How far the outline reaches beyond the outermost communities: 8 % of the hull's size. */
const OUTLINE_MARGIN = 1.08;

/**
 * Boundaries for maps (小区边界): each community gets the Voronoi cell of its point among all the
 * communities given (the area nearer to it than to any other), clipped to the outline of them all
 * (their convex hull, a little enlarged), so that the cells tile one district with no gaps and none
 * reaches into the sea of the bounding box. Coordinates are WGS-84 [longitude, latitude], rounded
 * to 6 decimals (about 0.1 m). The synthetic city has no real boundaries; these are deterministic
 * functions of the points, so every seed of the same geography draws the same map.
 */
export function communityBoundaries(points: readonly CommunityPoint[]): CommunityBoundary[] {
  if (points.length < 3) throw new RangeError('boundaries need at least three communities');
  const coordinates = points.map(({ longitude, latitude }): [number, number] => [
    longitude,
    latitude,
  ]);
  const hull = convex(featureCollection(coordinates.map((xy) => point(xy))));
  if (!hull) throw new RangeError('the communities lie on one line; they enclose no area');
  const outline = transformScale(hull, OUTLINE_MARGIN);
  const [west, south, east, north] = boundsOf(outline.geometry.coordinates[0]!);
  const voronoi = Delaunay.from(coordinates).voronoi([west, south, east, north]);
  return points.map((community, index) => {
    const ring = voronoi.cellPolygon(index);
    const clipped = intersect(featureCollection([polygon([ring]), outline]));
    if (!clipped) throw new Error(`community ${community.code} lies outside its outline`);
    return { code: community.code, geometry: rounded(clipped.geometry) };
  });
}

function boundsOf(ring: number[][]): [number, number, number, number] {
  const xs = ring.map(([x]) => x!);
  const ys = ring.map(([, y]) => y!);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

function rounded<G extends Polygon | MultiPolygon>(geometry: G): G {
  const round = (value: unknown): unknown =>
    Array.isArray(value) ? value.map(round) : Math.round((value as number) * 1e6) / 1e6;
  return { ...geometry, coordinates: round(geometry.coordinates) } as G;
}
