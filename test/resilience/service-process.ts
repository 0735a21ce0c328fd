import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { REPOSITORY_ROOT } from '@cityhub/launcher';

export interface ServiceProcess {
  child: ChildProcess;
  /** The GraphQL URL the service logged when it started listening. */
  url: string;
  exited: Promise<number | null>;
  /** Every log line it wrote, for a failing test to show. */
  log: string[];
}

/**
 * A department's subgraph as its own process, started the way `npm start` starts it (node with the
 * tsx loader, the kit's `runSubgraphProcess`), on a free port; resolves once it listens.
 */
export async function startSubgraphProcess(
  name: string,
  env: Record<string, string>,
): Promise<ServiceProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--conditions=development',
      join(REPOSITORY_ROOT, `subgraphs/${name}/src/main.ts`),
    ],
    {
      cwd: REPOSITORY_ROOT,
      env: { ...process.env, [`${name.toUpperCase()}_PORT`]: '0', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const log: string[] = [];
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const url = await new Promise<string>((resolve, reject) => {
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        log.push(line);
        const match = /"url":"([^"]+)".*subgraph listening/.exec(line);
        if (match) resolve(match[1]!);
      });
    }
    void exited.then((code) => reject(new Error(`${name} exited (${code}):\n${log.join('\n')}`)));
  });
  return { child, url, exited, log };
}
