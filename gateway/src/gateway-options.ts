import type { KeyObject } from 'node:crypto';
import type http from 'node:http';
import type { SupergraphSdlHook } from '@apollo/gateway';
import type { EventBusSettings, Logger } from '@cityhub/kit';
import type { ApiKeyStore } from './access/api-key-store.js';
import type { KeyUsage } from './access/key-usage.js';
import type { TrustedDocumentStore } from './access/trusted-documents.js';
import type { ExportJobSettings } from './exports/export-jobs.js';
import type { ResponseCacheSettings } from './response-cache/response-cache.js';

export interface GatewayLimits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxCost: number;
  maxBodyBytes: number;
  userRequestsPerMinute: number;
  anonymousRequestsPerMinute: number;
  /** Failed credentials (unknown keys, bad tokens) per client address, counted before any lookup. */
  failedCredentialsPerMinute: number;
}

export const DEFAULT_LIMITS: GatewayLimits = {
  maxDepth: 12,
  maxAliases: 30,
  maxTokens: 4_000,
  maxCost: 100_000,
  maxBodyBytes: 100_000,
  userRequestsPerMinute: 3_000,
  anonymousRequestsPerMinute: 120,
  failedCredentialsPerMinute: 30,
};

export interface GatewayOptions {
  /** Where the supergraph comes from: a watched file, or SDL given directly (tests). */
  supergraph: SupergraphSdlHook | string;
  /** Overrides of the subgraph URLs written in the supergraph, by subgraph name. */
  subgraphUrls?: Map<string, string>;
  port: number;
  host?: string;
  logger: Logger;
  subgraphTimeoutMs?: number;
  /** The undici agent's connections per subgraph and pipelining depth (128 and 1 unless set). */
  subgraphConnections?: { connections: number; pipelining: number };
  /**
   * The fast path of operations whose plan is one fetch from one subgraph (fast-path/): on unless
   * false. Its answers, errors and audit records are those of the full pipeline.
   */
  fastPath?: boolean;
  /** Sign identities with node:crypto's one-shot Ed25519 (the kit's identity-one-shot.ts); on unless false. */
  identityOneShot?: boolean;
  jwtSecret: string;
  jwtPublicKey?: string;
  /** The gateway's Ed25519 key: it alone signs the identities the subgraphs accept. */
  identityPrivateKey: KeyObject;
  /** Public keys of the hub's machine callers (the risk run), by service name. */
  servicePublicKeys?: Map<string, KeyObject[]>;
  /** The gateway's own schema for API keys; without it only tokens are accepted. */
  databaseUrl?: string;
  redisUrl?: string;
  corsOrigins?: string[];
  introspection?: boolean;
  limits?: Partial<GatewayLimits>;
  /** Addresses of reverse proxies whose X-Forwarded-For is believed (the anonymous limit). */
  trustedProxies?: string[];
  /** Bearer token for /metrics; without it /metrics answers loopback callers only. */
  metricsToken?: string;
  /** Headers the explorer page starts with (the demo's development token). */
  explorerHeaders?: Record<string, string>;
  /** Apollo's automatic persisted queries: any client may register any document. Development only. */
  automaticPersistedQueries?: boolean;
  /** The response cache of answers shared by rights (in Redis with `redisUrl`). */
  responseCache?: Partial<ResponseCacheSettings>;
  /** The hub's event bus: changes made elsewhere make cached answers stale. */
  events?: EventBusSettings;
  /** Asynchronous CSV exports (pg-boss on the gateway's database); off without it. */
  exportJobs?: ExportJobSettings;
}

export interface RunningGateway {
  url: string;
  port: number;
  httpServer: http.Server;
  apiKeys: ApiKeyStore | null;
  trustedDocuments: TrustedDocumentStore | null;
  keyUsage: KeyUsage;
  stop(): Promise<void>;
}
