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

/** A lever that is one on/off setting of the services. */
function flag(name: string, variable: string, description: string): Lever {
  return { name, description, on: { [variable]: '1' }, off: { [variable]: '0' } };
}

export const LEVERS: Lever[] = [
  flag(
    'gateway-fast-path',
    'GATEWAY_FAST_PATH',
    "the gateway's fast path: an operation planned as one fetch from one subgraph, once learned, goes straight to that subgraph without Apollo Server's pipeline, planning or result shaping, whenever the full pipeline would give the same bytes (else it makes the answer, from the subgraph's answer already received)",
  ),
  flag(
    'compiled-execution',
    'COMPILED_EXECUTION',
    "the subgraphs' hot operations (run twice) compiled to JavaScript by graphql-jit and run through it instead of graphql-js's execute",
  ),
  flag(
    'identity-one-shot',
    'IDENTITY_ONE_SHOT',
    "the caller's identity signed (gateway) and checked (subgraphs) with node:crypto's one-shot Ed25519 in the calling thread, instead of jose over WebCrypto: no WebCrypto job, promise or copies of the token per request",
  ),
  flag(
    'prepared-statements',
    'PREPARED_STATEMENTS',
    "the population subgraph's hot lookups (a resident by ID number, by id) as pg named statements, parsed and planned once per connection",
  ),
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
