import { existsSync } from 'node:fs';

/** Debian's Chromium (`apt-get install chromium`): the browser the screen test drives. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags for a headless run that makes no call of its own to the outside (updates, sync, metrics). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Whether the real-browser test of the operations-centre screen runs. Installing Chromium needs the
 * network, which `npm test` must not: it runs where /usr/bin/chromium is, and when
 * CITYHUB_REQUIRE_BROWSER=1 (set by `.ci/run`, which installs it) a missing browser fails the run.
 */
export function browserPlan(): { run: boolean; reason: string } {
  if (existsSync(CHROMIUM_PATH)) return { run: true, reason: `Chromium is at ${CHROMIUM_PATH}` };
  if (process.env.CITYHUB_REQUIRE_BROWSER === '1')
    return { run: true, reason: 'CITYHUB_REQUIRE_BROWSER=1: Chromium must be installed' };
  return {
    run: false,
    reason: `the screen's browser test is left out: there is no Chromium at ${CHROMIUM_PATH} (\`apt-get install chromium\` installs it; .ci/run does)`,
  };
}
