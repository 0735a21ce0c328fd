import {
  GATEWAY_PORT,
  GATEWAY_REPLICAS,
  HOSTS,
  POPULATION_PORT,
  POPULATION_REPLICAS,
  type HostName,
} from './topology.js';

const servers = (replicas: HostName[], port: number) =>
  replicas.map((host) => `  server ${host} ${HOSTS[host]}:${port} check`).join('\n');

/**
 * One frontend per replicated service. A replica is taken out when /health/ready fails twice (it is
 * not ready while draining, nor when its database or audit log is down); a request whose replica
 * refused the connection, closed it without an answer or answered 502/503 is sent again to the other
 * replica (`retry-on` with `redispatch`), which is what "no request fails beyond the retry" rests on.
 * The GraphQL requests that go through here are safe to repeat: a retried read writes a second
 * audit record at most, never none, and writes are refused by a closed connection before they commit.
 */
export function haproxyConfig(): string {
  return `global
  maxconn 4096

defaults
  mode http
  option httplog
  timeout connect 1s
  timeout client 30s
  timeout server 15s
  timeout http-keep-alive 10s
  retries 3
  option redispatch 1
  retry-on conn-failure empty-response response-timeout 502 503
  default-server inter 400ms fastinter 200ms fall 2 rise 2

frontend gateway
  bind ${HOSTS.lb}:${GATEWAY_PORT}
  default_backend gateways

backend gateways
  option httpchk GET /health/ready
  http-check expect status 200
${servers(GATEWAY_REPLICAS, GATEWAY_PORT)}

frontend population
  bind ${HOSTS.lb}:${POPULATION_PORT}
  default_backend populations

backend populations
  option httpchk GET /health/ready
  http-check expect status 200
${servers(POPULATION_REPLICAS, POPULATION_PORT)}

frontend stats
  bind ${HOSTS.lb}:8404
  stats enable
  stats uri /stats
`;
}
