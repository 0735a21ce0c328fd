/**
 * The settings the gate bench switches on and off, each one a plain setting of the services (an
 * environment variable the launcher passes on) or a Node flag, so that what is measured is what
 * an operator can set. Adding one is adding an entry here.
 */
export interface Lever {
  name: string;
  description: string;
  /** Environment of the hub with the lever on and off (every service inherits the launcher's). */
  on: Record<string, string>;
  off: Record<string, string>;
  /** Node flags with the lever on (NODE_OPTIONS for the launcher and every service). */
  nodeOptionsOn?: string;
}

export const LEVERS: Lever[] = [
  {
    name: 'prepared-statements',
    description:
      "the population subgraph's hot lookups (a resident by ID number, by id) as pg named statements, parsed and planned once per connection",
    on: { PREPARED_STATEMENTS: '1' },
    off: { PREPARED_STATEMENTS: '0' },
  },
  {
    name: 'subgraph-pipelining',
    description:
      "the gateway's undici agent sends up to 4 requests on one keep-alive subgraph connection before the first answer (HTTP/1.1 pipelining), 32 connections instead of 128",
    on: { SUBGRAPH_PIPELINING: '4', SUBGRAPH_CONNECTIONS: '32' },
    off: { SUBGRAPH_PIPELINING: '1', SUBGRAPH_CONNECTIONS: '128' },
  },
  {
    name: 'semi-space',
    description:
      "V8's young generation at 32 MB a semi-space (Node's default is 16 MB): fewer scavenges for the many short-lived objects of each request",
    on: {},
    off: {},
    nodeOptionsOn: '--max-semi-space-size=32',
  },
];

export interface HubConfiguration {
  /** `all levers on`, `all levers off`, or `without <lever>`. */
  name: string;
  env: Record<string, string>;
  nodeOptions: string;
  /** Whether the peer gateway runs beside ours on this configuration's subgraphs. */
  withPeer: boolean;
}

/**
 * The configurations one gate run measures: every chosen lever on (with the peer beside it), every
 * one off, and for each lever all the others on but that one: its effect where it will be used.
 */
export function hubConfigurations(chosen: Lever[], withPeer: boolean): HubConfiguration[] {
  const build = (name: string, isOn: (lever: Lever) => boolean, peer = false) => ({
    name,
    env: Object.assign({}, ...chosen.map((lever) => (isOn(lever) ? lever.on : lever.off))),
    nodeOptions: chosen
      .filter((lever) => isOn(lever) && lever.nodeOptionsOn)
      .map((lever) => lever.nodeOptionsOn)
      .join(' '),
    withPeer: peer,
  });
  const configurations: HubConfiguration[] = [build('all levers on', () => true, withPeer)];
  if (chosen.length === 0) return configurations;
  configurations.push(build('all levers off', () => false));
  if (chosen.length > 1)
    for (const lever of chosen)
      configurations.push(build(`without ${lever.name}`, (other) => other !== lever));
  return configurations;
}
