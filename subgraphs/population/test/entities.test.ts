import { describeEntityResolution } from '../../../test/support/entities.js';
import { subgraph } from '../src/index.js';

describeEntityResolution(subgraph, [
  {
    typename: 'District',
    keyField: 'code',
    knownKeys: (db) => db('districts').orderBy('code').limit(2).pluck('code'),
    unknownKey: '310199',
    selection: 'name',
  },
  {
    typename: 'Street',
    keyField: 'code',
    knownKeys: (db) => db('streets').orderBy('code').limit(13).pluck('code'),
    unknownKey: '310104999',
    selection: 'name',
  },
  {
    typename: 'Community',
    keyField: 'code',
    knownKeys: (db) => db('communities').orderBy('code').limit(500).pluck('code'),
    unknownKey: '310104999999',
    selection: 'name',
  },
  {
    typename: 'Person',
    keyField: 'id',
    knownKeys: (db) => db('residents').orderBy('id').limit(200).pluck('id'),
    unknownKey: 'p_unknown0000000000000',
    selection: 'name',
  },
]);
