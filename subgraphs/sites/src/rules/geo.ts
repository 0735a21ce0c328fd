import { InputProblems } from '@cityhub/kit';

/** Mean Earth radius (IUGG), the same in SQL and here so that both measure alike. */
export const EARTH_RADIUS_METERS = 6_371_008.8;
export const MAX_RADIUS_METERS = 50_000;
/** Distances are compared to the millimetre, so that a site exactly at the radius is inside despite rounding. */
export const RADIUS_TOLERANCE_METERS = 0.001;

export interface NearPoint {
  latitude: number;
  longitude: number;
  radiusMeters: number;
}

/** Adds every problem of a `near` argument to the form's problems. */
export function nearPointProblems(near: NearPoint, problems: InputProblems): void {
  if (!Number.isFinite(near.latitude) || Math.abs(near.latitude) > 90)
    problems.add('near.latitude', 'must be between -90 and 90');
  if (!Number.isFinite(near.longitude) || Math.abs(near.longitude) > 180)
    problems.add('near.longitude', 'must be between -180 and 180');
  if (!Number.isFinite(near.radiusMeters) || near.radiusMeters <= 0)
    problems.add('near.radiusMeters', 'must be above 0');
  else if (near.radiusMeters > MAX_RADIUS_METERS)
    problems.add('near.radiusMeters', `must be at most ${MAX_RADIUS_METERS} metres (50 km)`);
}

export function checkNearPoint(near: NearPoint): NearPoint {
  const problems = new InputProblems();
  nearPointProblems(near, problems);
  problems.throwIfAny();
  return near;
}

/** Great-circle distance (haversine) in metres. */
export function distanceMeters(
  a: { latitude: number; longitude: number },
  b: { latitude: number; longitude: number },
): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A latitude/longitude box holding the circle, so that an index narrows the rows before distances are computed. */
export function boundingBox(near: NearPoint): {
  minLatitude: number;
  maxLatitude: number;
  minLongitude: number;
  maxLongitude: number;
} {
  const latitudeDelta = ((near.radiusMeters + 1) / EARTH_RADIUS_METERS) * (180 / Math.PI);
  const cosine = Math.cos((Math.min(89, Math.abs(near.latitude) + latitudeDelta) * Math.PI) / 180);
  const longitudeDelta = Math.min(180, latitudeDelta / Math.max(cosine, 1e-6));
  return {
    minLatitude: near.latitude - latitudeDelta,
    maxLatitude: near.latitude + latitudeDelta,
    minLongitude: near.longitude - longitudeDelta,
    maxLongitude: near.longitude + longitudeDelta,
  };
}
