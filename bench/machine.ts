import { readFileSync } from 'node:fs';
import os from 'node:os';
import { REPOSITORY_ROOT } from './bench-config.js';

export interface MachineDescription {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
  versions: Record<string, string>;
}

/** The machine and the software measured, written into every report: numbers mean little without them. */
export function describeMachine(extraVersions: Record<string, string> = {}): MachineDescription {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism?.() ?? cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    versions: {
      '@apollo/gateway': packageVersion('@apollo/gateway'),
      '@apollo/server': packageVersion('@apollo/server'),
      autocannon: packageVersion('autocannon'),
      ...extraVersions,
    },
  };
}

function packageVersion(name: string): string {
  try {
    return (
      JSON.parse(readFileSync(`${REPOSITORY_ROOT}node_modules/${name}/package.json`, 'utf8')) as {
        version: string;
      }
    ).version;
  } catch {
    return 'unknown';
  }
}
