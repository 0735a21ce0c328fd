import { describeEntityResolution } from '../../../test/support/entities.js';
import { subgraph } from '../src/index.js';

describeEntityResolution(subgraph, [
  {
    typename: 'Station',
    keyField: 'code',
    knownKeys: (db) => db('stations').orderBy('code').pluck('code'),
    unknownKey: 'NOSUCHSTATION',
    selection: 'name',
  },
  {
    typename: 'Checkpoint',
    keyField: 'code',
    knownKeys: (db) => db('checkpoints').orderBy('code').pluck('code'),
    unknownKey: 'NOSUCHCHECKPOINT',
    selection: 'name',
  },
]);
