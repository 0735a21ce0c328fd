import { print, type GraphQLObjectType } from 'graphql';
import { readTypeDefs } from '@cityhub/kit';
import { describe, expect, it } from 'vitest';
import { describeSubgraphSchema, subgraphSchemaOf } from '../../../test/support/department.js';
import { subgraph } from '../src/index.js';

describeSubgraphSchema(subgraph, {
  keys: { Station: 'code', Checkpoint: 'code', Person: 'id', Street: 'code' },
});

describe('transport schema', () => {
  const sdl = print(readTypeDefs(subgraph)); // printed: one field per line, whatever the file's layout
  const schema = subgraphSchemaOf(subgraph);

  it('keeps the cross-department contract the other departments expect', () => {
    const query = schema.getQueryType()!.getFields();
    expect(query.passengerArrivals!.args.map((arg) => arg.name)).toEqual(
      expect.arrayContaining(['from', 'to', 'first', 'after']),
    );
    // Root fields and the reference to population's Person are nullable: an outage stays in its field.
    expect(String(query.passengerArrivals!.type)).toBe('PassengerArrivalConnection');
    const node = schema.getType('PassengerArrival') as GraphQLObjectType;
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
