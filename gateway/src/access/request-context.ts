import type http from 'node:http';
import { headerValue } from '@cityhub/kit';
import { AnswerTrace } from '../response-cache/answer-trace.js';
import type { createCallerVerifier } from './caller-verifier.js';
import { clientAddress } from './client-address.js';
import type { GatewayContext } from './gateway-context.js';
import type { KeyUsage } from './key-usage.js';
import type { CallerRateLimiter } from './rate-limiter.js';

export interface RequestContextOptions {
  verifyCaller: Awaited<ReturnType<typeof createCallerVerifier>>;
  rateLimiter: CallerRateLimiter;
  keyUsage: KeyUsage;
  trustedProxies: ReadonlySet<string>;
  failedCredentialsPerMinute: number;
}

/**
 * The context of one request: its caller verified and counted against the rate limits. Made once
 * per request, whichever path answers it (the fast path hands it on when it steps aside).
 */
export function requestContext(options: RequestContextOptions) {
  const { verifyCaller, rateLimiter, keyUsage, trustedProxies } = options;
  return async (req: http.IncomingMessage): Promise<GatewayContext> => {
    const address = clientAddress(req, trustedProxies);
    const credentials = {
      authorization: headerValue(req.headers.authorization),
      apiKey: headerValue(req.headers['x-api-key']),
      purpose: headerValue(req.headers['x-purpose']),
      purposeNote: headerValue(req.headers['x-purpose-note']),
    };
    // Before any lookup: a client sending made-up keys or tokens is stopped by its address.
    const presentsCredential = Boolean(credentials.authorization || credentials.apiKey);
    const failures = `failed-credentials:${address}`;
    if (presentsCredential)
      await rateLimiter.refuseIfExhausted(failures, options.failedCredentialsPerMinute);
    let verified: Awaited<ReturnType<typeof verifyCaller>>;
    try {
      verified = await verifyCaller(credentials);
    } catch (error) {
      if (presentsCredential) await rateLimiter.count(failures, options.failedCredentialsPerMinute);
      throw error;
    }
    const limitKey =
      verified.caller.kind === 'anonymous'
        ? `ip:${address}`
        : `${verified.caller.kind}:${verified.caller.id}`;
    await rateLimiter.consume(limitKey, verified.requestsPerMinute).catch((error: unknown) => {
      if (verified.apiKey) keyUsage.recordRateLimited(verified.apiKey.id);
      throw error;
    });
    return {
      caller: verified.caller,
      registeredOperationsOnly: verified.registeredOperationsOnly,
      apiKey: verified.apiKey ?? null,
      answer: new AnswerTrace(),
    };
  };
}
