import {
  officialRoles,
  createNotifier,
  withDailySnapshots,
  withSnapshotBackfill,
  type Logger,
  type Notifier,
  type SubgraphDefinition,
} from '@cityhub/kit';
import { enterprisesEnvironment, type EnterprisesSettings } from './config.js';
import { createEnterprisesContext, type EnterprisesContext } from './context.js';
import { enterprisesOutbox } from './events.js';
import { NoticeManager } from './managers/notice-manager.js';
import { migrations } from './migrations/index.js';
import { NoticeStore } from './repositories/notice-store.js';
import { resolvers } from './resolvers/index.js';
import { streetSnapshots } from './repositories/street-snapshot-store.js';
import { seedEnterprises } from './seed/seed-enterprises.js';

/** The registry, filings and shops, then a month of daily street snapshots. */
export const seed = withSnapshotBackfill(
  seedEnterprises,
  streetSnapshots.backfill,
  'street snapshots',
);
export type { EnterprisesContext } from './context.js';
export { NoticeManager, NOTICE_EVENT_TYPES } from './managers/notice-manager.js';
export { NoticeStore } from './repositories/notice-store.js';
export type { EnterprisesSettings } from './config.js';

/** The bus consumer that writes and sends notices to people. */
export const NOTICE_CONSUMER = 'enterprises-notices';

/**
 * The market-regulation department's subgraph (企业): the registry, work-resumption filing, street
 * shops, early warnings. `notifier` sends the notices to people; by default SMTP when a relay is
 * configured, else a recorder that sends nothing.
 */
export function createEnterprisesSubgraph(
  notifier: (logger: Logger, settings: EnterprisesSettings) => Notifier = (logger, settings) =>
    createNotifier({ smtpUrl: settings.NOTIFY_SMTP_URL, from: settings.NOTIFY_FROM }, logger),
): SubgraphDefinition<EnterprisesContext, EnterprisesSettings> {
  return withDailySnapshots(enterprisesDefinition(notifier), (runtime) =>
    streetSnapshots.job(runtime.db),
  );
}

function enterprisesDefinition(
  notifier: (logger: Logger, settings: EnterprisesSettings) => Notifier,
): SubgraphDefinition<EnterprisesContext, EnterprisesSettings> {
  return {
    name: 'enterprises',
    schemaFile: new URL('../schema.graphql', import.meta.url),
    environment: enterprisesEnvironment,
    resolvers,
    migrations,
    createContext: createEnterprisesContext,
    access: {
      scopes: {
        'enterprise:read': 'enterprises, filings, shops and warnings (rows)',
        'enterprise:write': "acting for one's own enterprises: filings, registrations, shop staff",
        'filing:review': "approving or rejecting a street's work-resumption filings",
      },
      roles: {
        ...officialRoles('enterprise:read', 'filing:review'),
        'legal-representative': ['enterprise:read', 'enterprise:write'],
      },
    },
    outbox: enterprisesOutbox,
    async background(runtime) {
      if (!runtime.bus) return { stop: async () => {} };
      const logger = runtime.logger.child({ consumer: NOTICE_CONSUMER });
      const sender = notifier(logger, runtime.settings);
      const manager = new NoticeManager({
        db: runtime.db,
        notices: new NoticeStore(runtime.db),
        notifier: sender,
        logger,
        smsMailDomain: runtime.settings.NOTIFY_SMS_MAIL_DOMAIN,
      });
      const consumer = await runtime.bus.consume(NOTICE_CONSUMER, (events) =>
        manager.handle(events),
      );
      return {
        async stop() {
          await consumer.stop();
          await sender.close();
        },
      };
    },
  };
}

export const subgraph = createEnterprisesSubgraph();
export { importMappings } from './importers/index.js';
