import { setTimeout as sleep } from 'node:timers/promises';

export interface LoadOutcome {
  ok: number;
  failed: number;
  failures: string[];
}

/**
 * `workers` clients sending `request` back to back until `stop` resolves. A request counts as failed
 * when the answer is not 200 or carries GraphQL errors: what a caller behind the load balancer sees.
 */
export async function runLoad(
  workers: number,
  request: (index: number) => Promise<Response>,
  stop: Promise<unknown>,
): Promise<LoadOutcome> {
  const outcome: LoadOutcome = { ok: 0, failed: 0, failures: [] };
  let stopped = false;
  void stop.then(() => (stopped = true));
  let sent = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (!stopped) {
        const index = sent++;
        try {
          const response = await request(index);
          const body = (await response.json()) as { errors?: unknown[] };
          if (response.status === 200 && !body.errors) outcome.ok += 1;
          else fail(`${response.status} ${JSON.stringify(body.errors ?? body).slice(0, 200)}`);
        } catch (error) {
          fail(String(error));
          await sleep(10);
        }
      }
    }),
  );
  return outcome;

  function fail(why: string) {
    outcome.failed += 1;
    if (outcome.failures.length < 5) outcome.failures.push(why);
  }
}
