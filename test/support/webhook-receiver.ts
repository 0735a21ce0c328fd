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
