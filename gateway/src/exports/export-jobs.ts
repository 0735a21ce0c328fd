import type { KeyObject } from 'node:crypto';
import type http from 'node:http';
import type { ApolloServer } from '@apollo/server';
import type { Database, Logger } from '@cityhub/kit';
import type { GraphQLSchema } from 'graphql';
import type { ApiKeyStore } from '../access/api-key-store.js';
import type { GatewayContext } from '../access/gateway-context.js';
import type { TrustedDocumentStore } from '../access/trusted-documents.js';
import { ExportJobStore } from './export-job-store.js';
import { ExportLinks } from './export-link.js';
import { startExportQueue } from './export-queue.js';
import { exportRoutes } from './export-routes.js';

/** Settings of asynchronous exports (EXPORT_* in the gateway's environment). */
export interface ExportJobSettings {
  /** How long a finished export and its download link live (default an hour). */
  linkTtlSeconds?: number;
  /** When expired exports are removed (cron; default every five minutes). */
  cleanupCron?: string;
  /** pg-boss's schema (default `gateway_queue`). */
  queueSchema?: string;
}

/** Export jobs: their store, queue and worker, and their routes. Needs the gateway's database. */
export async function startExportJobs(options: {
  settings: ExportJobSettings;
  db: Database;
  databaseUrl: string;
  apollo: ApolloServer<GatewayContext>;
  documents: TrustedDocumentStore;
  apiKeys: ApiKeyStore | null;
  identityPrivateKey: KeyObject;
  contextOf: (req: http.IncomingMessage) => Promise<GatewayContext>;
  schema: () => GraphQLSchema | null;
  maxBodyBytes: number;
  logger: Logger;
}) {
  const store = new ExportJobStore(options.db);
  const links = new ExportLinks(options.identityPrivateKey);
  const queue = await startExportQueue({
    ...options,
    store,
    queueSchema: options.settings.queueSchema ?? 'gateway_queue',
    linkTtlSeconds: options.settings.linkTtlSeconds ?? 3600,
    cleanupCron: options.settings.cleanupCron ?? '*/5 * * * *',
  });
  const routes = exportRoutes({ ...options, store, links, enqueue: queue.enqueue });
  return { ...routes, store, stop: queue.stop };
}
