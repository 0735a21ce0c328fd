import type { SubgraphBaseContext } from '@cityhub/kit';
import { createTransportLoaders, type TransportLoaders } from './loaders.js';
import { CheckpointStore } from './repositories/checkpoint-store.js';
import { FeedIngestion } from './managers/feed-ingestion.js';
import { FeedStore } from './repositories/feed-store.js';
import { StaffingStore } from './repositories/staffing-store.js';
import { StationStore } from './repositories/station-store.js';
import { createHourProfileLoader } from './hour-profile-loaders.js';

export interface TransportContext extends SubgraphBaseContext {
  stations: StationStore;
  checkpoints: CheckpointStore;
  feedIngestion: FeedIngestion;
  loaders: TransportLoaders;
  hourProfiles: ReturnType<typeof createHourProfileLoader>;
  /** The instant "now" for forecasts and feed checks; a context field so that tests can fix it. */
  now: () => Date;
}

/** Built per request: loaders never outlive the request, so one caller's data never reaches another. */
export function createTransportContext(base: SubgraphBaseContext): TransportContext {
  const stations = new StationStore(base.db);
  const checkpoints = new CheckpointStore(base.db);
  return {
    ...base,
    stations,
    checkpoints,
    feedIngestion: new FeedIngestion({
      db: base.db,
      feed: new FeedStore(),
      staffing: new StaffingStore(),
      personIdKey: base.personIdKey,
      logger: base.logger,
    }),
    loaders: createTransportLoaders(stations, checkpoints),
    hourProfiles: createHourProfileLoader(base.db),
    now: () => new Date(),
  };
}
