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
  try {
    execFileSync('haproxy', ['-v'], { stdio: 'ignore' });
  } catch {
    return { run: false, reason: 'the cluster test is left out: HAProxy is not installed' };
  }
  return { run: true, reason: 'root and HAProxy are here' };
}
