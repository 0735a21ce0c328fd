import { Store } from '@cityhub/kit';
import type { CommunityBoundary, CommunityPoint } from '@cityhub/synthetic-city';
import type { MultiPolygon, Polygon } from 'geojson';

/** A community's boundary with what a map labels it by. */
export interface DbCommunityBoundaryRow {
  code: string;
  name: string;
  street_code: string;
  district_code: string;
  geometry: Polygon | MultiPolygon;
}

/** Communities' boundaries for maps (小区边界). The only SQL about them. */
export class BoundaryStore extends Store {
  boundariesByStreets(streetCodes: readonly string[]): Promise<DbCommunityBoundaryRow[]> {
    return this.boundariesIn('c.street_code', streetCodes, 'population.boundariesByStreets');
  }

  boundariesByDistricts(districtCodes: readonly string[]): Promise<DbCommunityBoundaryRow[]> {
    return this.boundariesIn('s.district_code', districtCodes, 'population.boundariesByDistricts');
  }

  /** Every community's point, for drawing the boundaries; with how many boundaries are stored. */
  async communityPoints(): Promise<{ points: CommunityPoint[]; boundaries: number }> {
    const [points, [counted]] = await Promise.all([
      this.db('communities')
        .comment('population.communityPoints')
        .select('code', 'latitude', 'longitude')
        .orderBy('code'),
      this.db('community_boundaries').comment('population.boundaryCount').count({ count: '*' }),
    ]);
    return { points, boundaries: Number(counted?.count ?? 0) };
  }

  /** Replaces every boundary in one transaction, so a map never shows half of an old drawing. */
  async replaceBoundaries(boundaries: readonly CommunityBoundary[]): Promise<void> {
    await this.db.transaction(async (trx) => {
      await trx('community_boundaries').comment('population.clearBoundaries').delete();
      for (let i = 0; i < boundaries.length; i += 1_000)
        await trx('community_boundaries')
          .comment('population.insertBoundaries')
          .insert(
            boundaries.slice(i, i + 1_000).map(({ code, geometry }) => ({
              community_code: code,
              geometry: JSON.stringify(geometry),
            })),
          );
    });
  }

  private boundariesIn(
    column: string,
    codes: readonly string[],
    label: string,
  ): Promise<DbCommunityBoundaryRow[]> {
    return this.db('community_boundaries as b')
      .comment(label)
      .join('communities as c', 'c.code', 'b.community_code')
      .join('streets as s', 's.code', 'c.street_code')
      .select('c.code', 'c.name', 'c.street_code', 's.district_code', 'b.geometry')
      .whereIn(column, codes)
      .orderBy('c.code');
  }
}
