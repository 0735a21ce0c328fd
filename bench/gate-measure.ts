import { processTreeCpuMs } from './cpu-time.js';
import { rssOf } from './gateway-process.js';
import type { StartedHub } from './started-hub.js';
import { runWrk, type WrkOptions, type WrkResult } from './wrk.js';

/** CPU per request of one part of the server, in ms. */
export interface ServerCpu {
  gateway: number | null;
  population: number | null;
  audit: number | null;
  postgres: number | null;
  /** Every other process of the hub: the other subgraphs, the launcher, npm and tsx. */
  rest: number | null;
  /** Everything above: what the server spent per request. */
  server: number | null;
}

export interface GateRun {
  configuration: string;
  target: 'ours' | 'hive';
  round: number;
  wrk: WrkResult;
  cpuPerRequest: ServerCpu;
  /** The load generator's own CPU per request, which is not the server's. */
  loadGeneratorMsPerRequest: number | null;
  gatewayRssBytes: number | null;
}

export interface GateTarget {
  name: 'ours' | 'hive';
  url: string;
  /** The process serving as gateway: ours (a child of the launcher) or the peer's. */
  gatewayPid: number;
}

type Readings = Record<'gateway' | 'population' | 'audit' | 'postgres' | 'hub' | 'ours', number>;

function read(hub: StartedHub, target: GateTarget): Readings | null {
  const of = (pid: number | null | undefined) => (pid ? processTreeCpuMs(pid) : null);
  const values = {
    gateway: of(target.gatewayPid),
    population: of(hub.servicePids.get('population')),
    audit: of(hub.servicePids.get('audit')),
    postgres: of(hub.postgresPid),
    hub: of(hub.launcherPid),
    ours: of(hub.servicePids.get('gateway')),
  };
  return Object.values(values).some((value) => value === null) ? null : (values as Readings);
}

/**
 * One measured run: /proc of every server process before and after a wrk run, so that the figure
 * is the server's CPU per answered request, with the load generator's reported beside it. For the
 * peer, our idle gateway (still a child of the launcher) is taken out and the peer's put in.
 */
export async function measureGate(
  hub: StartedHub,
  target: GateTarget,
  load: Omit<WrkOptions, 'url'>,
): Promise<Omit<GateRun, 'configuration' | 'round'>> {
  const before = read(hub, target);
  const wrk = await runWrk({ ...load, url: target.url });
  const after = read(hub, target);
  const requests = wrk.requests;
  const per = (key: keyof Readings) =>
    before && after && requests > 0 ? (after[key] - before[key]) / requests : null;
  const gateway = per('gateway');
  const population = per('population');
  const audit = per('audit');
  const postgres = per('postgres');
  const hubTotal = per('hub');
  const ours = per('ours');
  // The launcher's tree holds our gateway, every subgraph and PostgreSQL.
  const server =
    hubTotal === null || gateway === null || ours === null
      ? null
      : target.name === 'ours'
        ? hubTotal
        : hubTotal - ours + gateway;
  const rest =
    server === null ||
    gateway === null ||
    population === null ||
    audit === null ||
    postgres === null
      ? null
      : server - gateway - population - audit - postgres;
  return {
    target: target.name,
    wrk,
    cpuPerRequest: { gateway, population, audit, postgres, rest, server },
    loadGeneratorMsPerRequest:
      wrk.loadGeneratorCpuMs === null || requests === 0 ? null : wrk.loadGeneratorCpuMs / requests,
    gatewayRssBytes: rssOf(target.gatewayPid),
  };
}
