/**
 * Runs a command-line entry point: a failure prints its message and causes (what to do, not a
 * stack) and exits 1, so that scripts and CI see that it failed.
 */
export async function runCommand(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    process.stderr.write(`\n${describeFailure(error)}\n`);
    process.exit(1);
  }
}

export function describeFailure(error: unknown): string {
  const lines: string[] = [];
  for (let cause = error, depth = 0; cause && depth < 5; depth += 1) {
    const message = cause instanceof Error ? cause.message : String(cause);
    lines.push(depth === 0 ? `Error: ${message}` : `  caused by: ${message}`);
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return lines.join('\n');
}
