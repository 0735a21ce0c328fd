import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

/** Debian's LibreOffice (`apt-get install libreoffice-calc-nogui`): what opens the CSV exports. */
export const SOFFICE_PATH = '/usr/bin/soffice';

/**
 * Whether the test that opens a CSV export in LibreOffice runs. Installing it needs the network,
 * which `npm test` must not: it runs where /usr/bin/soffice is, and when
 * CITYHUB_REQUIRE_LIBREOFFICE=1 (set by `.ci/run`, which installs it) a missing one fails the run.
 */
export function libreOfficePlan(): { run: boolean; reason: string } {
  if (existsSync(SOFFICE_PATH)) return { run: true, reason: `LibreOffice is at ${SOFFICE_PATH}` };
  if (process.env.CITYHUB_REQUIRE_LIBREOFFICE === '1')
    return { run: true, reason: 'CITYHUB_REQUIRE_LIBREOFFICE=1: LibreOffice must be installed' };
  return {
    run: false,
    reason: `the LibreOffice test of the CSV export is left out: there is no ${SOFFICE_PATH} (\`apt-get install libreoffice-calc-nogui\` installs it; .ci/run does)`,
  };
}

/**
 * Converts `file` headless into `format` (e.g. `ods`, or `csv:Text - txt - csv (StarCalc):44,34,76`)
 * inside `dir`, with a profile of its own there (a shared one is locked by any other soffice).
 * `infilter` is what a user picks in Calc's text import dialog (e.g. `CSV:44,34,76,1`: comma,
 * double quote, UTF-8, from line 1); headless, Calc would otherwise read the file in its default
 * character set whatever the byte-order mark says.
 */
export async function sofficeConvert(
  dir: string,
  file: string,
  format: string,
  infilter?: string,
): Promise<void> {
  await promisify(execFile)(
    SOFFICE_PATH,
    [
      `-env:UserInstallation=file://${dir}/profile`,
      '--headless',
      '--norestore',
      ...(infilter ? [`--infilter=${infilter}`] : []),
      '--convert-to',
      format,
      '--outdir',
      dir,
      file,
    ],
    { timeout: 300_000, env: { ...process.env, HOME: dir } },
  );
}
