import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook } from '@cityhub/kit';

export interface Received {
  id: string;
  body: Record<string, any>;
  verified: boolean;
}

/** A webhook receiver that keeps what it got, can be taken down and answers with a chosen status. */
export async function receiver(secret: () => string) {
  const received: Received[] = [];
  let status = 200;
  const handle = (req: IncomingMessage, body: string) => {
    received.push({
      id: String(req.headers['webhook-id']),
      body: JSON.parse(body),
      verified: verifyWebhook(secret(), req.headers, body),
    });
  };
  let server: Server;
  let port = 0;
  const start = async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        if (status < 300) handle(req, body);
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  };
  await start();
  return {
    received,
    url: () => `http://127.0.0.1:${port}/hook`,
    setStatus: (value: number) => (status = value),
    down: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    up: start,
  };
}

/** Server-Sent Events from the gateway, parsed. */
export function followStream(url: string, headers: Record<string, string>) {
  const messages: Array<{ id: string; event: string; data: Record<string, any> }> = [];
  const aborted = new AbortController();
  const opened = (async () => {
    const response = await fetch(url, { headers, signal: aborted.signal });
    return response;
  })();
  const done = opened.then(async (response) => {
    if (!response.ok || !response.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = Object.fromEntries(
            block
              .split('\n')
              .filter((line) => line && !line.startsWith(':'))
              .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]),
          );
          if (fields.data)
            messages.push({
              id: fields.id ?? '',
              event: fields.event ?? '',
              data: JSON.parse(fields.data),
            });
        }
      }
    } catch {
      // aborted
    }
  });
  return {
    messages,
    status: opened.then((response) => response.status),
    close: async () => {
      aborted.abort();
      await done.catch(() => {});
    },
  };
}
