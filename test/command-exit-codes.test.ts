import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPOSITORY_ROOT } from '@cityhub/launcher';
import { afterAll, describe, expect, it } from 'vitest';

/** The hub's command-line entry points, as `npm run …` starts them, must exit non-zero on failure. */
function runScript(
  script: string,
  args: string[],
  env: Record<string, string | undefined>,
): Promise<{ code: number | null; output: string }> {
  const environment: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...process.env, LOG_LEVEL: 'warn', ...env }))
    if (value !== undefined) environment[name] = value;
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['node_modules/tsx/dist/cli.mjs', '--conditions=development', script, ...args],
      { cwd: REPOSITORY_ROOT, env: environment, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

// Nothing listens on port 1.
const UNREACHABLE = 'postgres://postgres@127.0.0.1:1/cityhub';
const closedFolders: string[] = [];

afterAll(() => {
  for (const folder of closedFolders) rmSync(folder, { recursive: true, force: true });
});

describe('exit codes of the command-line entry points', () => {
  it.each([
    ['scripts/start.ts', []],
    ['scripts/migrate.ts', []],
    ['scripts/seed.ts', []],
  ])(
    '%s exits 1 with a message when the database cannot be reached',
    async (script, args) => {
      const run = await runScript(script, args, { DATABASE_URL: UNREACHABLE });
      expect(run.output).toMatch(/^Error: /m);
      expect(run.output).not.toMatch(/^\s+at /m);
      expect(run.code).toBe(1);
    },
    60_000,
  );

  it('npm run risk:run exits 1 on an impossible date', async () => {
    const run = await runScript('subgraphs/risk/src/run-cli.ts', ['2026-02-30'], {
      DATABASE_URL: UNREACHABLE,
    });
    expect(run.output).toMatch(/Invalid date 2026-02-30/);
    expect(run.code).toBe(1);
  }, 60_000);

  it('npm run hub:key exits 1 when its options are wrong', async () => {
    const run = await runScript('scripts/credentials.ts', ['key', '--no-such-option'], {
      DATABASE_URL: UNREACHABLE,
    });
    expect(run.output).toMatch(/^Error: /m);
    expect(run.code).toBe(1);
  }, 60_000);

  it.runIf(process.getuid?.() === 0)(
    'as root, says why the embedded PostgreSQL cannot start under a folder others cannot enter',
    async () => {
      const closed = mkdtempSync(join(tmpdir(), 'cityhub-closed-'));
      closedFolders.push(closed);
      chmodSync(closed, 0o700);
      const run = await runScript('scripts/migrate.ts', [], {
        DATABASE_URL: undefined,
        EMBEDDED_POSTGRES_DIR: join(closed, 'postgres'),
        EMBEDDED_POSTGRES_PORT: '54399',
      });
      expect(run.output).toContain(`cannot enter ${closed}`);
      expect(run.output).toMatch(/chmod o\+x|DATABASE_URL/);
      expect(run.code).toBe(1);
    },
    60_000,
  );
});
