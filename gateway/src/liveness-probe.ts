import { request, type Agent } from 'undici';
import type { CircuitBreaker } from './circuit-breaker.js';

export interface LivenessProbeOptions {
  subgraphUrls: Map<string, string>;
  breakers: Map<string, CircuitBreaker>;
  agent: Agent;
  intervalMs?: number;
  timeoutMs?: number;
}

/**
 * Asks every subgraph's /health/live every `intervalMs`. A subgraph that does not answer within
 * `timeoutMs` is hung (a frozen process still accepts connections): its circuit is tripped, so
 * that the requests waiting on it and the next ones fail its fields at once instead of each
 * waiting for the full subgraph timeout; once it answers again, the circuit's trial call goes out
 * at once. Returns a function that stops the probe.
 */
export function startLivenessProbe({
  subgraphUrls,
  breakers,
  agent,
  intervalMs = 2_000,
  timeoutMs = 1_000,
}: LivenessProbeOptions): () => void {
  let probing = false;
  const timer = setInterval(async () => {
    if (probing) return;
    probing = true;
    await Promise.all(
      [...subgraphUrls].map(async ([name, url]) => {
        const breaker = breakers.get(name);
        if (!breaker) return;
        try {
          const response = await request(new URL('/health/live', url), {
            dispatcher: agent,
            signal: AbortSignal.timeout(timeoutMs),
          });
          await response.body.dump();
          breaker.answeredProbe();
        } catch {
          if (breaker.state === 'closed') breaker.trip();
        }
      }),
    );
    probing = false;
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
