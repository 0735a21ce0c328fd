import nodemailer from 'nodemailer';
import type { Logger } from '../logger.js';

/** A message to a person: the filing approval notice, a representative told that staff registered. */
export interface Notice {
  to: string;
  subject: string;
  text: string;
  /** The event it follows from, so that a notice sent again can be recognised. */
  eventId?: string;
}

export interface Notifier {
  send(notice: Notice): Promise<void>;
  close(): Promise<void>;
}

/** Development and tests: keeps each notice and logs it; nothing leaves the machine. */
export class RecordingNotifier implements Notifier {
  readonly sent: Notice[] = [];
  constructor(private readonly logger?: Logger) {}

  async send(notice: Notice): Promise<void> {
    this.sent.push(notice);
    this.logger?.info({ to: notice.to, subject: notice.subject }, 'notice recorded (not sent)');
  }

  async close(): Promise<void> {}
}

/** Mail through the city's SMTP relay (`smtp://user:pass@host:port`), via nodemailer. */
export class SmtpNotifier implements Notifier {
  private readonly transport: nodemailer.Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport(smtpUrl);
  }

  async send(notice: Notice): Promise<void> {
    await this.transport.sendMail({
      from: this.from,
      to: notice.to,
      subject: notice.subject,
      text: notice.text,
      ...(notice.eventId ? { headers: { 'x-hub-event-id': notice.eventId } } : {}),
    });
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}

/** SMTP when a relay is configured (NOTIFY_SMTP_URL); otherwise notices are only recorded. */
export function createNotifier(
  settings: { smtpUrl?: string; from: string },
  logger?: Logger,
): Notifier {
  return settings.smtpUrl
    ? new SmtpNotifier(settings.smtpUrl, settings.from)
    : new RecordingNotifier(logger);
}
