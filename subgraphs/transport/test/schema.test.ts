import { print } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { readTypeDefs } from '@cityhub/kit';
import { describe, expect, it } from 'vitest';
import { undocumented } from '../../../test/support/schema-documentation.js';
import { subgraph } from '../src/index.js';

describe('transport schema', () => {
  const sdl = print(readTypeDefs(subgraph)); // printed: one field per line, whatever the file's layout
  const schema = buildSubgraphSchema({
    typeDefs: readTypeDefs(subgraph),
    resolvers: subgraph.resolvers as never,
  });

  it('documents every type, field and enum value', () => {
    expect(undocumented(schema)).toEqual([]);
  });

  it('keys its entities and the cross-department contract as the other departments expect', () => {
    expect(sdl).toMatch(/type Station @key\(fields: "code"\)/);
    expect(sdl).toMatch(/type Checkpoint @key\(fields: "code"\)/);
    expect(sdl).toMatch(/type Person @key\(fields: "id"\)/);
    expect(sdl).toMatch(/type Street @key\(fields: "code"\)/);
    const query = schema.getQueryType()!.getFields();
    expect(query.passengerArrivals!.args.map((arg) => arg.name)).toEqual(
      expect.arrayContaining(['from', 'to', 'first', 'after']),
    );
    // Root fields and the reference to population's Person are nullable: an outage stays in its field.
    expect(String(query.passengerArrivals!.type)).toBe('PassengerArrivalConnection');
    const node = schema.getType('PassengerArrival') as import('graphql').GraphQLObjectType;
    const fields = node.getFields();
    expect(
      Object.fromEntries(
        ['person', 'arrivedAt', 'originCode', 'station', 'trainNumber'].map((name) => [
          name,
          String(fields[name]!.type),
        ]),
      ),
    ).toEqual({
      person: 'Person',
      arrivedAt: 'DateTime!',
      originCode: 'String!',
      station: 'Station!',
      trainNumber: 'String!',
    });
  });

  it('marks personal data and guards rows with scopes', () => {
    expect(sdl).toMatch(/plate: String! @pii\(kind: "PLATE"\)/);
    expect(sdl).toMatch(
      /\): PassengerArrivalConnection @requiresScopes\(scopes: \[\["transport:read"\]\]\)/,
    );
    expect(sdl).toMatch(
      /ingestTicketingFeed\(records: \[TicketingRecordInput!\]!\): TicketingFeedResult!\s+@requiresScopes\(scopes: \[\["transport:ingest"\]\]\)/,
    );
  });
});
