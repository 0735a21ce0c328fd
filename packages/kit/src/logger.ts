import pino, { type Logger } from 'pino';

export type { Logger };

/** One pino logger per process; components take child loggers named after themselves. */
export function createLogger(name: string, level = 'info'): Logger {
  return pino({ name, level, base: { service: name } });
}
