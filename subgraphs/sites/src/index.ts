import {
  officialRoles,
  withDailySnapshots,
  withSnapshotBackfill,
  type SubgraphDefinition,
} from '@cityhub/kit';
import { sitesEnvironment, type MissingReportSettings } from './config.js';
import { createSitesContext, type SitesContext } from './context.js';
import { sitesOutbox } from './events.js';
import { migrations } from './migrations/index.js';
import { resolvers } from './resolvers/index.js';
import { scheduleMissingReportChecks } from './schedule.js';
import { siteSnapshots } from './repositories/street-site-snapshot-store.js';
import { seedSites } from './seed/seed-sites.js';

/** Sites and their reports, then a month of daily street snapshots. */
export const seed = withSnapshotBackfill(seedSites, siteSnapshots.backfill, 'site snapshots');
export type { SitesContext } from './context.js';
export type { MissingReportSettings } from './config.js';
export { checkMissingReports } from './managers/missing-report-check.js';
export { MissingReportStore } from './repositories/missing-report-store.js';

/**
 * The sites subgraph (场所): construction sites, daily headcount reports, key-region screening,
 * crowded venues. `settings` replace when daily reports are due (by default the environment's).
 */
export function createSitesSubgraph(
  settings?: () => MissingReportSettings,
): SubgraphDefinition<SitesContext, MissingReportSettings> {
  return withDailySnapshots(sitesDefinition(settings), (runtime) => siteSnapshots.job(runtime.db));
}

function sitesDefinition(
  settings?: () => MissingReportSettings,
): SubgraphDefinition<SitesContext, MissingReportSettings> {
  return {
    name: 'sites',
    schemaFile: new URL('../schema.graphql', import.meta.url),
    environment: sitesEnvironment,
    resolvers,
    migrations,
    createContext: createSitesContext,
    access: {
      scopes: {
        'sites:read': 'construction sites, daily reports and venues (rows)',
        'sites:report': "reporting one's own sites' daily headcounts and venues' visitors",
        'sites:screen': "supervising a street's sites: screening cases, reports for any site",
      },
      roles: {
        ...officialRoles('sites:read', 'sites:screen'),
        contractor: ['sites:read', 'sites:report'],
      },
    },
    outbox: sitesOutbox,
    background: async (runtime) =>
      scheduleMissingReportChecks(runtime, settings?.() ?? runtime.settings),
  };
}

export const subgraph = createSitesSubgraph();
export { importMappings } from './importers/index.js';
