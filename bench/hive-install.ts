import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Hive Gateway's own folder: outside the npm workspace, so that `npm install` stays lean. */
export const HIVE_DIR = fileURLToPath(new URL('./hive/', import.meta.url));
const RUNTIME_PACKAGE = `${HIVE_DIR}node_modules/@graphql-hive/gateway-runtime/package.json`;
const GATEWAY_PACKAGE = `${HIVE_DIR}node_modules/@graphql-hive/gateway/package.json`;
const LOCKFILE = `${HIVE_DIR}package-lock.json`;
// npm writes this after every successful install; older than the lockfile means the install is stale.
const INSTALL_MARKER = `${HIVE_DIR}node_modules/.package-lock.json`;

export interface HiveInstallation {
  version: string;
  runtimeEntry: string;
  /** Seconds spent installing; 0 when it was already there. */
  installSeconds: number;
}

/**
 * Installs Hive Gateway into bench/hive from its lockfile when missing or stale (`npm ci`, no
 * install scripts), and says where its runtime is. The lockfile pins an `overrides` entry: the
 * registry snapshot lacks the newest @graphql-tools/batch-execute, as for the root workspace.
 */
export async function ensureHiveGateway(
  output: NodeJS.WritableStream = process.stderr,
): Promise<HiveInstallation> {
  let installSeconds = 0;
  if (!isHiveGatewayInstalled()) {
    const started = Date.now();
    output.write('Installing Hive Gateway into bench/hive (npm ci)…\n');
    await run(
      'npm',
      ['ci', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'],
      output,
    );
    installSeconds = (Date.now() - started) / 1000;
  }
  const version = (JSON.parse(readFileSync(GATEWAY_PACKAGE, 'utf8')) as { version: string })
    .version;
  return {
    version,
    runtimeEntry: `${HIVE_DIR}node_modules/@graphql-hive/gateway-runtime/dist/index.js`,
    installSeconds,
  };
}

/** Whether Hive Gateway is installed and current in bench/hive (installing it needs the network). */
export function isHiveGatewayInstalled(): boolean {
  return (
    existsSync(RUNTIME_PACKAGE) &&
    existsSync(GATEWAY_PACKAGE) &&
    existsSync(INSTALL_MARKER) &&
    statSync(INSTALL_MARKER).mtimeMs >= statSync(LOCKFILE).mtimeMs
  );
}

function run(command: string, args: string[], output: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: HIVE_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(output, { end: false });
    // npm warns about engines (some @whatwg-node packages ask for Node 22); it runs on Node 20 here.
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk
        .toString('utf8')
        .split('\n')
        .filter(
          (line) => line && !line.includes('EBADENGINE') && !line.includes('Unknown user config'),
        )
        .join('\n');
      if (text) output.write(`${text}\n`);
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`npm ci in ${HIVE_DIR} exited with ${code}`)),
    );
  });
}
