import { withDailySnapshots, withSnapshotBackfill, type SubgraphDefinition } from '@cityhub/kit';
import { missingReportSettings, type MissingReportSettings } from './config.js';
import { createSitesContext, type SitesContext } from './context.js';
import { sitesOutbox } from './events.js';
import { migrations } from './migrations/index.js';
import { resolvers } from './resolvers/index.js';
import { scheduleMissingReportChecks } from './schedule.js';
import {
  backfillSiteSnapshots,
  siteSnapshotJob,
} from './repositories/street-site-snapshot-store.js';
import { seedSites } from './seed/seed-sites.js';

/** Sites and their reports, then a month of daily street snapshots. */
export const seed = withSnapshotBackfill(seedSites, backfillSiteSnapshots, 'site snapshots');
export type { SitesContext } from './context.js';
export type { MissingReportSettings } from './config.js';
export { checkMissingReports } from './managers/missing-report-check.js';
export { MissingReportStore } from './repositories/missing-report-store.js';

/**
 * The sites subgraph (场所): construction sites, daily headcount reports, key-region screening,
 * crowded venues. `settings` say when daily reports are due; by default the process's configuration.
 */
export function createSitesSubgraph(
  settings: () => MissingReportSettings = missingReportSettings,
): SubgraphDefinition<SitesContext> {
  return withDailySnapshots(sitesDefinition(settings), (runtime) => siteSnapshotJob(runtime.db));
}

function sitesDefinition(settings: () => MissingReportSettings): SubgraphDefinition<SitesContext> {
  return {
    name: 'sites',
    schemaFile: new URL('../schema.graphql', import.meta.url),
    resolvers,
    migrations,
    createContext: createSitesContext,
    outbox: sitesOutbox,
    background: async (runtime) => scheduleMissingReportChecks(runtime, settings()),
  };
}

export const subgraph: SubgraphDefinition<SitesContext> = createSitesSubgraph();
