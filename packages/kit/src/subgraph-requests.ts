import { createHash } from 'node:crypto';
import type http from 'node:http';
import type { AuditWriter } from './audit-log.js';
import type { Database } from './database.js';
import { headerValue, isDraining, requestTarget, sendJson } from './http-server.js';
import { IDENTITY_HEADER, bodyDigest, type IdentityVerifier } from './identity-header.js';

/**
 * The gateway's signature binds the exact body bytes; the HTTP front parses them, so they are hashed
 * as they arrive. A GET carries its operation in the query string, which is then what is bound.
 */
export function requestIdentities(server: http.Server, verifier: IdentityVerifier) {
  const digests = new WeakMap<http.IncomingMessage, Promise<string>>();
  server.prependListener('request', (req: http.IncomingMessage) => {
    if (req.method !== 'POST') {
      // The HTTP front answers an unparseable target with a 400; this hook must not throw on it.
      const search = requestTarget(req.url ?? '/')?.search ?? '';
      return void digests.set(req, Promise.resolve(bodyDigest(search)));
    }
    const hash = createHash('sha256');
    req.on('data', (chunk: Buffer) => hash.update(chunk));
    digests.set(
      req,
      new Promise((resolve) => req.once('end', () => resolve(hash.digest('base64url')))),
    );
  });
  return async (req: http.IncomingMessage) =>
    verifier.verify(
      headerValue(req.headers[IDENTITY_HEADER]),
      (await digests.get(req)) ?? bodyDigest(''),
    );
}

/** `/health/ready`: 200 only while the database, the audit log and the listener are all up. */
export function readinessRoute(options: {
  subgraph: string;
  db: Database;
  auditWriter: AuditWriter;
  server: () => http.Server;
}) {
  return async (_req: http.IncomingMessage, res: http.ServerResponse) => {
    const database = await probe(() => options.db.raw('SELECT 1').timeout(2_000));
    // The audit writer probes its log itself while it is down; personal data wait for it.
    const auditReason = options.auditWriter.unavailableReason;
    const audit = auditReason ? 'unavailable' : 'ok';
    const draining = isDraining(options.server());
    const ok = database === 'ok' && audit === 'ok' && !draining;
    const status = draining
      ? 'draining'
      : database !== 'ok'
        ? 'database unavailable'
        : audit !== 'ok'
          ? 'audit unavailable'
          : 'ok';
    sendJson(res, ok ? 200 : 503, {
      status,
      subgraph: options.subgraph,
      checks: { database, audit },
      ...(auditReason ? { reason: auditReason } : {}),
    });
  };
}

async function probe(check: () => Promise<unknown>): Promise<'ok' | 'unavailable'> {
  try {
    await check();
    return 'ok';
  } catch {
    return 'unavailable';
  }
}
