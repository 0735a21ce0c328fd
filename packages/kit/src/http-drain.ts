import type http from 'node:http';
import net, { type AddressInfo, type Socket } from 'node:net';

/**
 * Timeouts for a service that anyone on the network can reach: a client has 10 s to send its
 * headers and 15 s for the whole request (Node's default is 300 s, which lets a client that
 * declares a big body and sends a few bytes hold a socket for five minutes).
 */
export const HTTP_TIMEOUTS = {
  headersMs: 10_000,
  requestMs: 15_000,
  keepAliveMs: 65_000,
  /** How often Node checks the two timeouts above (its default, 30 s, would add up to 30 s). */
  checkIntervalMs: 1_000,
  /** How long a shutdown waits for requests in flight before it cuts them. */
  drainMs: 10_000,
};

// How long an answered keep-alive connection must stay quiet before a drain closes it.
const QUIET_MS = 250;

export interface DrainState {
  draining: boolean;
  inFlight: Set<http.ServerResponse>;
  /** Open connections, and whether each has answered a request and has none in progress. */
  connections: Map<Socket, { answered: boolean; busy: boolean; idleSince: number }>;
}

export const drainStates = new WeakMap<http.Server, DrainState>();

/** Whether the server is draining for a shutdown: readiness then says so, so that traffic moves away. */
export function isDraining(server: http.Server): boolean {
  return drainStates.get(server)?.draining ?? false;
}

export async function listen(server: http.Server, port: number, host = '0.0.0.0'): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

/**
 * Drains and closes the server: stops accepting, lets requests in flight finish (up to `drainMs`),
 * answers them with `connection: close` so that no client sends another on the same socket, and
 * closes idle keep-alive sockets as they become idle.
 */
export async function closeServer(
  server: http.Server,
  drainMs = HTTP_TIMEOUTS.drainMs,
): Promise<void> {
  const state = drainStates.get(server);
  if (state) {
    state.draining = true;
    for (const res of state.inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
  }
  // Only connections answered and quiet for a moment are closed: a connection just accepted, or
  // just answered, may carry a request on its way, which http.Server#close() would cut (it calls
  // closeIdleConnections(), for which such a connection is idle), so the listener is closed as a
  // plain net.Server. The request on its way is answered with `connection: close`.
  const closed = new Promise<void>((resolve) =>
    net.Server.prototype.close.call(server, () => resolve()),
  );
  const closeAnswered = () => {
    for (const [socket, connection] of state?.connections ?? [])
      if (connection.answered && !connection.busy && Date.now() - connection.idleSince > QUIET_MS)
        socket.destroy();
  };
  const idleSweep = setInterval(closeAnswered, 50);
  const forced = setTimeout(() => server.closeAllConnections(), drainMs);
  await closed;
  clearInterval(idleSweep);
  clearTimeout(forced);
  // Every connection is gone: http's own close() now only stops its timeout checks.
  server.close(() => {});
}
