import type { JetStreamClient } from 'nats';

export interface PacedPublishOptions {
  js: JetStreamClient;
  subject: string;
  /** Records a second asked for, and for how long. */
  rate: number;
  seconds: number;
  /** Records a message carries (1: one a message; more: a JSON array a message). */
  perMessage: number;
  /** Publishes awaiting their JetStream ack at most; the next waits for a free slot. */
  window: number;
  /** The body and message id (for the server's de-duplication) of the k-th message; the last may carry fewer records. */
  message(k: number): { data: string; msgID: string };
}

export interface PacedPublishResult {
  messages: number;
  records: number;
  seconds: number;
  /** CPU the publishing process used meanwhile (user and system), milliseconds. */
  cpuMs: number;
  /** Publishes that failed (a timeout, a dropped connection) and were sent again with the same id. */
  retries: number;
  /** Records published by the end of each second since the start. */
  perSecond: number[];
  /** Whether the ack window was ever full (the server, not the pacing, set the pace). */
  windowFull: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Publishes at the rate asked on JetStream without awaiting each ack in turn: up to `window`
 * publishes are out at once (a bounded window, so a slow server slows the publisher down instead
 * of piling up pending publishes), messages are started as they fall due by the clock, and a
 * failed publish is sent again with the same message id (stored once) after a short pause.
 */
export async function publishPaced(options: PacedPublishOptions): Promise<PacedPublishResult> {
  const total = Math.ceil((options.rate * options.seconds) / options.perMessage);
  const messagesPerMs = options.rate / options.perMessage / 1000;
  let sent = 0;
  let acked = 0;
  let inFlight = 0;
  let retries = 0;
  let windowFull = 0;
  let freed: (() => void) | undefined;
  const perSecond: number[] = [];
  const publish = async (k: number) => {
    const { data, msgID } = options.message(k);
    for (let attempt = 1; ; attempt++) {
      try {
        await options.js.publish(options.subject, data, { msgID });
        break;
      } catch {
        retries += 1;
        await sleep(Math.min(attempt * 100, 2_000));
      }
    }
    inFlight -= 1;
    acked += 1;
    freed?.();
  };
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const ticker = setInterval(() => perSecond.push(acked * options.perMessage), 1_000);
  try {
    while (sent < total) {
      const due = Math.min(total, Math.floor((performance.now() - started) * messagesPerMs) + 1);
      while (sent < due && inFlight < options.window) {
        inFlight += 1;
        void publish(sent++);
      }
      if (sent < due) {
        windowFull += 1;
        await new Promise<void>((resolve) => (freed = resolve));
        freed = undefined;
      } else await sleep(Math.max(1, (sent + 1) / messagesPerMs - (performance.now() - started)));
    }
    while (acked < total) {
      await new Promise<void>((resolve) => (freed = resolve));
      freed = undefined;
    }
  } finally {
    clearInterval(ticker);
  }
  const cpu = process.cpuUsage(cpuBefore);
  return {
    messages: total,
    records: options.rate * options.seconds,
    seconds: (performance.now() - started) / 1000,
    cpuMs: (cpu.user + cpu.system) / 1000,
    retries,
    perSecond,
    windowFull,
  };
}

const COLORS = ['GREEN', 'YELLOW', 'RED'];

/**
 * The bench's health-code changes: the i-th, and the k-th message of `perMessage` of them. Later
 * changes are later in time, so per resident the last one published wins; the message id makes a
 * publish retried after a timeout stored once.
 */
export function healthCodeChanges(
  prefix: string,
  idNumbers: readonly string[],
  total: number,
  perMessage: number,
) {
  const base = Date.now();
  const changeAt = (i: number) => ({
    sourceId: `${prefix}-${i}`,
    idNumber: idNumbers[i % idNumbers.length]!,
    color: COLORS[(i * 7) % 3]!,
    changedAt: new Date(base + Math.floor(i / 10)).toISOString(),
  });
  const message = (k: number) => {
    const batch = [];
    for (let i = k * perMessage; i < Math.min(total, (k + 1) * perMessage); i++)
      batch.push(changeAt(i));
    return { data: JSON.stringify(perMessage === 1 ? batch[0] : batch), msgID: `${prefix}-m${k}` };
  };
  return { changeAt, message };
}
