import type http from 'node:http';

export function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(value));
}

/**
 * The URL of a request target. The origin form (`/path?query`) is read as a path even when it
 * starts with `//`, which URL would take for a host; an unparseable target is null, never a throw.
 */
export function requestTarget(target: string): URL | null {
  try {
    return target.startsWith('/')
      ? new URL(`http://hub.invalid${target}`)
      : new URL(target, 'http://hub.invalid');
  } catch {
    return null;
  }
}

/** The first value of a request header (node gives repeated headers as an array). */
export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
export function prefersHtml(req: http.IncomingMessage): boolean {
  return (req.headers.accept ?? '').includes('text/html');
}
