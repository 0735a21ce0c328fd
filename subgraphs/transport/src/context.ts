import type { SubgraphBaseContext } from '@cityhub/kit';
import { createTransportLoaders, type TransportLoaders } from './loaders.js';
import { FeedIngestion } from './managers/feed-ingestion.js';
import { FlowManager } from './managers/flow-manager.js';
import { TripManager } from './managers/trip-manager.js';
import { CheckpointStore } from './repositories/checkpoint-store.js';
import { FeedStore } from './repositories/feed-store.js';
import { StaffingStore } from './repositories/staffing-store.js';
import { StationStore } from './repositories/station-store.js';
import { createHourProfileLoader } from './hour-profile-loaders.js';

export interface TransportContext extends SubgraphBaseContext {
  stations: StationStore;
  checkpoints: CheckpointStore;
  loaders: TransportLoaders;
  trips: TripManager;
  flow: FlowManager;
  feedIngestion: FeedIngestion;
  hourProfiles: ReturnType<typeof createHourProfileLoader>;
  /** The instant "now" for forecasts and feed checks; a context field so that tests can fix it. */
  now: () => Date;
}

/** Built per request: loaders never outlive the request, so one caller's data never reaches another. */
export function createTransportContext(base: SubgraphBaseContext): TransportContext {
  const stations = new StationStore(base.db);
  const checkpoints = new CheckpointStore(base.db);
  const loaders = createTransportLoaders(stations, checkpoints);
  return {
    ...base,
    stations,
    checkpoints,
    loaders,
    trips: new TripManager({ caller: base.caller, stations, checkpoints, loaders }),
    flow: new FlowManager(loaders),
    feedIngestion: new FeedIngestion({
      ...base,
      feed: new FeedStore(base.db),
      staffing: new StaffingStore(base.db),
      loaders,
    }),
    hourProfiles: createHourProfileLoader(base.db),
    now: () => new Date(),
  };
}
