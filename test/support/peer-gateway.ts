import { isHiveGatewayInstalled } from '../../bench/hive-install.js';

/**
 * Whether `npm test` compares the hub with Hive Gateway. Installing Hive Gateway needs the network,
 * which `npm test` must not: it runs when bench/hive is installed (`npm run peer:install`, `.ci/run`,
 * `npm run bench`), and when CITYHUB_REQUIRE_PEER=1 (set by `.ci/run`) a missing install fails the run.
 */
export function peerGatewayPlan(): { run: boolean; reason: string } {
  if (isHiveGatewayInstalled())
    return { run: true, reason: 'Hive Gateway is installed in bench/hive' };
  if (process.env.CITYHUB_REQUIRE_PEER === '1')
    return { run: true, reason: 'CITYHUB_REQUIRE_PEER=1: Hive Gateway will be installed' };
  return {
    run: false,
    reason:
      'the differential test against Hive Gateway is left out: Hive Gateway is not installed in ' +
      'bench/hive and installing it needs the network (`npm run peer:install` installs it; ' +
      '.ci/run and `npm run bench` do)',
  };
}
