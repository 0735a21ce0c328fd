import net from 'node:net';

export interface RawExchange {
  /** The status of the first response, or null when the service closed without answering. */
  status: number | null;
  /** What came back, as latin1 text. */
  text: string;
  /** How the exchange ended: the service closed the socket, or we stopped waiting. */
  ended: 'closed' | 'idle';
}

export interface RawRequest {
  /** Bytes written at once. */
  head: string | Buffer;
  /** Bytes written later, one piece per `dripMs`, to act as a slow client. */
  drip?: Array<string | Buffer>;
  dripMs?: number;
  /** How long to wait after the last byte (written or read) before giving up on the answer. */
  idleMs?: number;
}

/** Writes raw bytes to a port, reads until the service closes the socket or goes quiet. */
export function rawExchange(port: number, request: RawRequest): Promise<RawExchange> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    let idleTimer: NodeJS.Timeout | undefined;
    let done = false;
    const finish = (ended: RawExchange['ended']) => {
      if (done) return;
      done = true;
      clearTimeout(idleTimer);
      socket.destroy();
      const text = Buffer.concat(received).toString('latin1');
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ status: match ? Number(match[1]) : null, text, ended });
    };
    const idle = () => {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => finish('idle'), request.idleMs ?? 2_000);
    };
    socket.on('data', (chunk) => {
      received.push(chunk);
      idle();
    });
    socket.on('close', () => finish('closed'));
    socket.on('error', () => finish('closed'));
    socket.on('connect', async () => {
      socket.write(request.head);
      idle();
      for (const piece of request.drip ?? []) {
        await new Promise((r) => setTimeout(r, request.dripMs ?? 500));
        if (done) return;
        socket.write(piece);
        idle();
      }
    });
  });
}
