import { setTimeout as sleep } from 'node:timers/promises';

export interface HealthWait {
  timeoutMs: number;
  intervalMs?: number;
  /** Stops waiting early, e.g. on shutdown or when the process being waited for has exited. */
  giveUp?: () => boolean;
}

/** Polls a /health URL until it answers 2xx; false when the time runs out or `giveUp` says so. */
export async function waitUntilHealthy(
  url: string | URL,
  { timeoutMs, intervalMs = 250, giveUp }: HealthWait,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (giveUp?.()) return false;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.body?.cancel();
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    if (Date.now() + intervalMs > deadline) return false;
    await sleep(intervalMs);
  }
}
