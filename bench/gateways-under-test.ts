import { createPublicKey } from 'node:crypto';
import {
  SERVICE_IDENTITIES,
  derivedIdentityKey,
  publicKeyPem,
  serviceKeyVariable,
} from '@cityhub/kit';
import { freePort, startGatewayProcess, type GatewayProcess } from './gateway-process.js';
import type { HiveInstallation } from './hive-install.js';

export interface GatewaySetup {
  /** The supergraph composed with the in-process subgraphs' URLs, written to a file. */
  supergraphFile: string;
  /** Subgraph URLs by name. */
  subgraphUrls: Map<string, string>;
  /** Bearer tokens are verified with this. */
  jwtSecret: string;
  /** Passphrase the gateway's identity key (and the machine callers' keys) are derived from. */
  internalSecret: string;
}

/** The gateway's private key and the machine callers' public keys, as a gateway process reads them. */
function identityKeyEnvironment(setup: GatewaySetup): Record<string, string> {
  return {
    HUB_IDENTITY_PRIVATE_KEY: derivedIdentityKey(setup.internalSecret)
      .export({ format: 'pem', type: 'pkcs8' })
      .toString(),
    ...Object.fromEntries(
      Object.keys(SERVICE_IDENTITIES).map((service) => [
        serviceKeyVariable(service, 'PUBLIC'),
        publicKeyPem(createPublicKey(derivedIdentityKey(setup.internalSecret, service))),
      ]),
    ),
  };
}

/** Our gateway (`gateway/src/main.ts`), configured as `npm start` runs it but on the bench's subgraphs. */
export async function startOurGateway(setup: GatewaySetup): Promise<GatewayProcess> {
  const port = await freePort();
  const urls = Object.fromEntries(
    [...setup.subgraphUrls].map(([name, url]) => [`${name.toUpperCase()}_URL`, url]),
  );
  return startGatewayProcess({
    name: 'ours',
    entry: 'gateway/src/main.ts',
    port,
    healthPath: '/health',
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      SUPERGRAPH_FILE: setup.supergraphFile,
      JWT_SECRET: setup.jwtSecret,
      ...identityKeyEnvironment(setup),
      LOG_LEVEL: 'warn',
      // One benchmark client makes thousands of requests a second; the per-user limit is not under test.
      RATE_LIMIT_USER_PER_MINUTE: '1000000000',
      ...urls,
    },
  });
}

/** Hive Gateway on the same supergraph file (whose URLs are the bench's subgraphs). */
export async function startHiveGateway(
  setup: GatewaySetup,
  hive: HiveInstallation,
  extraEnv: Record<string, string> = {},
): Promise<GatewayProcess> {
  const port = await freePort();
  return startGatewayProcess({
    name: 'hive',
    entry: 'bench/hive-gateway-server.ts',
    port,
    healthPath: '/health',
    env: {
      PORT: String(port),
      SUPERGRAPH_FILE: setup.supergraphFile,
      HIVE_RUNTIME_ENTRY: hive.runtimeEntry,
      JWT_SECRET: setup.jwtSecret,
      HUB_IDENTITY_PRIVATE_KEY: identityKeyEnvironment(setup).HUB_IDENTITY_PRIVATE_KEY!,
      SUBGRAPH_NAMES: JSON.stringify(
        Object.fromEntries([...setup.subgraphUrls].map(([name, url]) => [url, name])),
      ),
      ...extraEnv,
    },
  });
}
