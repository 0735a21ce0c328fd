import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, describe, expect, it } from 'vitest';
import { createNotifier, RecordingNotifier, SmtpNotifier } from '../src/events/notifier.js';

interface Received {
  from: string | undefined;
  to: string[];
  raw: string;
}

const received: Received[] = [];
// A local SMTP sink: accepts every message and keeps it.
const sink = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  onData(stream, session, callback) {
    let raw = '';
    stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    stream.on('end', () => {
      received.push({
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
        to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
        raw,
      });
      callback();
    });
  },
});
await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
const port = (sink.server.address() as AddressInfo).port;
afterAll(() => new Promise<void>((resolve) => sink.close(() => resolve())));

describe('notices to people', () => {
  it('records notices in development and sends nothing', async () => {
    const notifier = createNotifier({ from: 'hub@city.example' });
    expect(notifier).toBeInstanceOf(RecordingNotifier);
    await notifier.send({ to: 'rep@example.com', subject: '复工备案已审核', text: 'F-1' });
    expect((notifier as RecordingNotifier).sent).toEqual([
      { to: 'rep@example.com', subject: '复工备案已审核', text: 'F-1' },
    ]);
    expect(received).toHaveLength(0);
  });

  it('sends through SMTP when a relay is configured', async () => {
    const notifier = createNotifier({
      smtpUrl: `smtp://127.0.0.1:${port}?ignoreTLS=true`,
      from: 'hub@city.example',
    });
    expect(notifier).toBeInstanceOf(SmtpNotifier);
    await notifier.send({
      to: 'rep@example.com',
      subject: 'Filing reviewed',
      text: 'Filing F-2 was approved.',
      eventId: '6f1c1f0e-1111-4a4a-9999-000000000001',
    });
    await notifier.close();
    expect(received).toHaveLength(1);
    expect(received[0]!.from).toBe('hub@city.example');
    expect(received[0]!.to).toEqual(['rep@example.com']);
    expect(received[0]!.raw).toContain('Subject: Filing reviewed');
    expect(received[0]!.raw).toMatch(/^x-hub-event-id: 6f1c1f0e-1111-4a4a-9999-000000000001/im);
    expect(received[0]!.raw).toContain('Filing F-2 was approved.');
  });
});
