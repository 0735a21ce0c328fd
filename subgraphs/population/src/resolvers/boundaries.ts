import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import type { DbCommunityBoundaryRow } from '../repositories/boundary-store.js';

/** GeoJSON is answered, never asked for: an argument of this type is refused. */
const geoJsonScalar = new GraphQLScalarType({
  name: 'GeoJSON',
  description: 'A GeoJSON object (RFC 7946) as JSON.',
  serialize: (value) => value,
  parseValue: () => {
    throw new GraphQLError('GeoJSON is output only.');
  },
  parseLiteral: (ast) => {
    throw new GraphQLError(
      `GeoJSON is output only (got a ${ast.kind === Kind.OBJECT ? 'object' : ast.kind}).`,
    );
  },
});

/** One feature per community, keyed by its code, so a map joins colours to shapes by the code. */
function featureCollection(rows: DbCommunityBoundaryRow[]) {
  return {
    type: 'FeatureCollection',
    features: rows.map(({ code, name, street_code, geometry }) => ({
      type: 'Feature',
      id: code,
      properties: { code, name, streetCode: street_code },
      geometry,
    })),
  };
}

export const boundaryResolvers: Resolvers = {
  GeoJSON: geoJsonScalar,
  District: {
    geojson: async ({ code }, _args, { boundaryLoaders }) =>
      featureCollection(await boundaryLoaders.boundariesByDistrict.load(code)),
  },
  Street: {
    geojson: async ({ code }, _args, { boundaryLoaders }) =>
      featureCollection(await boundaryLoaders.boundariesByStreet.load(code)),
  },
};
