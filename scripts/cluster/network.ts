import { execFileSync } from 'node:child_process';
import { BRIDGE, HOSTS, SUBNET_BITS, namespaceOf, type HostName } from './topology.js';

/** Runs a command and returns its output; throws with the command's stderr when it fails. */
export function run(command: string, args: string[], options: { quiet?: boolean } = {}): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    if (options.quiet) return '';
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`${command} ${args.join(' ')} failed: ${stderr.trim()}`);
  }
}

const ip = (...args: string[]) => run('ip', args);

/** The bridge and, per host, a namespace whose veth is plugged into it with the host's address. */
export function createNetwork(): void {
  ip('link', 'add', BRIDGE.name, 'type', 'bridge');
  ip('addr', 'add', `${BRIDGE.address}/${SUBNET_BITS}`, 'dev', BRIDGE.name);
  ip('link', 'set', BRIDGE.name, 'up');
  Object.entries(HOSTS).forEach(([host, address], index) => {
    const namespace = namespaceOf(host as HostName);
    const [outside, inside] = [`chv${index}`, `chv${index}i`];
    ip('netns', 'add', namespace);
    ip('link', 'add', outside, 'type', 'veth', 'peer', 'name', inside);
    ip('link', 'set', inside, 'netns', namespace);
    ip('link', 'set', outside, 'master', BRIDGE.name);
    ip('link', 'set', outside, 'up');
    const inNamespace = (...args: string[]) => ip('netns', 'exec', namespace, 'ip', ...args);
    inNamespace('addr', 'add', `${address}/${SUBNET_BITS}`, 'dev', inside);
    inNamespace('link', 'set', inside, 'up');
    inNamespace('link', 'set', 'lo', 'up');
  });
}

/** Removes what createNetwork made (deleting a namespace deletes its veth pair); safe to repeat. */
export function removeNetwork(): void {
  for (const host of Object.keys(HOSTS) as HostName[])
    run('ip', ['netns', 'delete', namespaceOf(host)], { quiet: true });
  run('ip', ['link', 'delete', BRIDGE.name], { quiet: true });
}

export function networkExists(): boolean {
  return run('ip', ['link', 'show', BRIDGE.name], { quiet: true }) !== '';
}

/** The argv prefix that runs a command on a simulated host. */
export const onHost = (host: HostName): string[] => ['ip', 'netns', 'exec', namespaceOf(host)];
