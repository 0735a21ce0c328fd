import { execFileSync } from 'node:child_process';

/**
 * The replicas test needs root (network namespaces) and HAProxy. Where either is missing it is left
 * out with one line; `.ci/run` installs HAProxy, runs as root and sets CITYHUB_REQUIRE_CLUSTER=1, so
 * there a missing piece fails the run instead.
 */
export function clusterPlan(): { run: boolean; reason: string } {
  if (process.env.CITYHUB_REQUIRE_CLUSTER === '1')
    return { run: true, reason: 'CITYHUB_REQUIRE_CLUSTER=1' };
  if (process.getuid?.() !== 0)
    return {
      run: false,
      reason: 'the cluster test is left out: it needs root (network namespaces)',
    };
  const missing = CLUSTER_PROGRAMS.filter(([command, , flag]) => !installed(command, flag));
  if (missing.length)
    return {
      run: false,
      reason: `the cluster test is left out: ${missing.map(([, what]) => what).join(', ')} not installed`,
    };
  return { run: true, reason: 'root, HAProxy, PostgreSQL, Redis and NATS are here' };
}

const CLUSTER_PROGRAMS = [
  ['haproxy', 'HAProxy', '-v'],
  [`${process.env.CITYHUB_PG_BIN ?? '/usr/lib/postgresql/15/bin'}/initdb`, 'PostgreSQL 15'],
  ['redis-server', 'Redis'],
  [process.env.CITYHUB_NATS_SERVER ?? '/usr/sbin/nats-server', 'NATS'],
] as const satisfies ReadonlyArray<readonly [string, string, string?]>;

function installed(command: string, flag = '--version'): boolean {
  try {
    execFileSync(command, [flag], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
