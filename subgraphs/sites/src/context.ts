import type { SubgraphBaseContext } from '@cityhub/kit';
import { createSitesLoaders, type SitesLoaders } from './loaders.js';
import { ReportManager } from './managers/report-manager.js';
import { ScreeningManager } from './managers/screening-manager.js';
import { VenueManager } from './managers/venue-manager.js';
import { ReportStore } from './repositories/report-store.js';
import { ScreeningStore } from './repositories/screening-store.js';
import { SiteStore } from './repositories/site-store.js';
import { VenueStore } from './repositories/venue-store.js';
import { WorkerStore } from './repositories/worker-store.js';
import { createSeriesLoaders, type SeriesLoaders } from './series-loaders.js';

export interface SitesContext extends SubgraphBaseContext {
  sites: SiteStore;
  reports: ReportStore;
  workers: WorkerStore;
  screening: ScreeningStore;
  venues: VenueStore;
  reportManager: ReportManager;
  screeningManager: ScreeningManager;
  venueManager: VenueManager;
  loaders: SitesLoaders;
  series: SeriesLoaders;
}

/** Built per request: loaders never outlive the request, so one caller's data never reaches another. */
export function createSitesContext(base: SubgraphBaseContext): SitesContext {
  const sites = new SiteStore(base.db);
  const reports = new ReportStore(base.db);
  const workers = new WorkerStore(base.db);
  const screening = new ScreeningStore(base.db);
  const venues = new VenueStore(base.db);
  const { db, caller, personIdKey, logger } = base;
  return {
    ...base,
    sites,
    reports,
    workers,
    screening,
    venues,
    reportManager: new ReportManager({
      db,
      sites,
      reports,
      screening,
      caller,
      personIdKey,
      logger,
    }),
    screeningManager: new ScreeningManager(db, screening, caller),
    venueManager: new VenueManager(sites, venues, caller),
    loaders: createSitesLoaders(sites, reports, workers, screening, venues),
    series: createSeriesLoaders(base.db),
  };
}
