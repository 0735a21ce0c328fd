import { EventEmitter } from 'node:events';
import type http from 'node:http';
import {
  eventVisibleTo,
  headerValue,
  listenFor,
  mayReadPersonalData,
  passLoop,
  sendJson,
  type Caller,
  type Database,
  type Logger,
  type RouteHandler,
} from '@cityhub/kit';
import { EventStore, STREAM_CHANNEL } from '../repositories/event-store.js';
import { webhookBody } from './webhook-deliverer.js';

const HEARTBEAT_MS = 15_000;
const BATCH = 500;

/**
 * The live stream (Server-Sent Events) behind the gateway's `/events/stream`: the events the
 * caller may see (scope of the type, street rule), each with the log position as its `id`, so
 * that a client reconnecting with `Last-Event-ID` receives what it missed and nothing twice.
 * Without `Last-Event-ID` it starts with the next event. `?types=a,b` narrows the types.
 */
export function eventStreamRoute(options: {
  db: Database;
  databaseUrl: string;
  /** The caller, as the gateway signed it for this subgraph and this request; null if refused. */
  verifyIdentity(req: http.IncomingMessage): Promise<Caller | null>;
  logger: Logger;
}): { route: RouteHandler; close(): Promise<void> } {
  const events = new EventStore(options.db);
  const recorded = new EventEmitter();
  recorded.setMaxListeners(0);
  const listener = listenFor(
    options.databaseUrl,
    STREAM_CHANNEL,
    () => recorded.emit('recorded'),
    options.logger,
  );
  const open = new Set<http.ServerResponse>();

  const route: RouteHandler = async (req, res) => {
    const caller = await options.verifyIdentity(req);
    if (!caller || caller.kind === 'anonymous')
      return sendJson(res, 401, {
        errors: [{ message: 'Sign in to follow events.', extensions: { code: 'UNAUTHENTICATED' } }],
      });
    const url = new URL(req.url ?? '/', 'http://hub.invalid');
    const types = url.searchParams.get('types')?.split(',').filter(Boolean) ?? null;
    const resumeFrom =
      headerValue(req.headers['last-event-id']) ?? url.searchParams.get('lastEventId');
    if (resumeFrom !== null && resumeFrom !== undefined && !/^\d+$/.test(resumeFrom))
      return sendJson(res, 400, {
        errors: [
          {
            message: 'Last-Event-ID is not a position of this stream.',
            extensions: { code: 'BAD_USER_INPUT', argumentName: 'Last-Event-ID' },
          },
        ],
      });
    let position = resumeFrom ? Number(resumeFrom) : await events.latestSeq();
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 2000\n\n');
    open.add(res);

    // Woken by every recorded event; the heartbeat's period also catches a missed wake-up.
    const reader = passLoop(
      async () => {
        const rows = await events.after(position, BATCH);
        for (const row of rows) {
          position = row.seq;
          if (types && !types.includes(row.type)) continue;
          if (!eventVisibleTo(row, caller)) continue;
          const data = webhookBody(row, mayReadPersonalData(caller));
          res.write(`id: ${row.seq}\nevent: ${row.type}\ndata: ${data}\n\n`);
        }
        return rows.length === BATCH;
      },
      HEARTBEAT_MS,
      options.logger,
      'event stream read',
    );
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    recorded.on('recorded', reader.wake);
    res.on('close', () => {
      clearInterval(heartbeat);
      recorded.off('recorded', reader.wake);
      open.delete(res);
      void reader.stop();
    });
  };
  return {
    route,
    async close() {
      await listener.close();
      for (const res of open) res.end();
    },
  };
}
