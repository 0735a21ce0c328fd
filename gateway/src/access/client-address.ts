import type http from 'node:http';

/**
 * The client's address for the anonymous rate limit. Behind a reverse proxy every request comes from
 * the proxy, so X-Forwarded-For is read — but only when the request comes from a listed proxy, and
 * only up to the first address no listed proxy vouches for: anyone can write that header.
 */
export function clientAddress(
  req: http.IncomingMessage,
  trustedProxies: ReadonlySet<string>,
): string {
  const peer = normalise(req.socket.remoteAddress ?? 'unknown');
  if (!trustedProxies.has(peer)) return peer;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((hop) => normalise(hop.trim()))
    .filter(Boolean);
  // Right to left: each trusted proxy appended the address it received the request from.
  for (let i = hops.length - 1; i >= 0; i--) if (!trustedProxies.has(hops[i]!)) return hops[i]!;
  return hops[0] ?? peer;
}

function normalise(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}
