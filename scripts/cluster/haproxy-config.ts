import {
  GATEWAY_PORT,
  GATEWAY_REPLICAS,
  HOSTS,
  POPULATION_PORT,
  POPULATION_REPLICAS,
  type HostName,
} from './topology.js';

/** A frontend on the load balancer's address and a backend of replicas checked on readiness. */
const balanced = (name: string, port: number, replicas: HostName[]) => `frontend ${name}
  bind ${HOSTS.lb}:${port}
  default_backend ${name}s

backend ${name}s
  option httpchk GET /health/ready
  http-check expect status 200
${replicas.map((host) => `  server ${host} ${HOSTS[host]}:${port} check`).join('\n')}
`;

/**
 * One frontend per replicated service. A replica is taken out when /health/ready fails twice (it is
 * not ready while draining, nor when its database or audit log is down); a request whose replica
 * refused the connection, closed it without an answer or answered 502/503 is sent again to the other
 * replica (`retry-on` with `redispatch`), which is what "no request fails beyond the retry" rests on.
 * A retried read is safe: it writes a second audit record at most, never none. A mutation whose
 * replica died after its commit and before its answer would be sent again, so mutations that must
 * not run twice need an idempotency key (the test's load is reads).
 */
export function haproxyConfig(): string {
  return `global
  maxconn 4096

defaults
  mode http
  timeout connect 1s
  timeout client 30s
  timeout server 15s
  timeout http-keep-alive 10s
  retries 3
  option redispatch 1
  retry-on conn-failure empty-response response-timeout 502 503
  default-server inter 400ms fastinter 200ms fall 2 rise 2

${balanced('gateway', GATEWAY_PORT, GATEWAY_REPLICAS)}
${balanced('population', POPULATION_PORT, POPULATION_REPLICAS)}
frontend stats
  bind ${HOSTS.lb}:8404
  stats enable
  stats uri /stats
`;
}
