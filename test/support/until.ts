/**
 * Waits until `check` answers something truthy (a condition met, or what the test waits for) and
 * returns that answer; fails after `timeoutMs`.
 */
export async function until<T>(
  check: () => T | Promise<T>,
  timeoutMs = 30_000,
): Promise<NonNullable<T>> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
