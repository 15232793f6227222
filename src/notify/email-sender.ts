/**
 * E-mail out through an SMTP server (nodemailer): plain-text UTF-8 messages. Connection trouble
 * and 4xx replies are transient (RFC 5321 §4.2.1: "the command was not accepted … the error
 * condition is temporary"); a 5xx reply for the recipient is permanent.
 */
import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import { SendError } from './send-error.ts';
import type { MessageSender } from './send-error.ts';

export interface EmailSenderOptions {
  /** `smtp://user:pass@host:port` or `smtps://…`. */
  url: string;
  /** The From address, e.g. `Hotline <alerts@example.com>`. */
  from: string;
  /** Seconds to wait for the server at each step (default 15). */
  timeoutSeconds?: number;
}

export class EmailSender implements MessageSender {
  private readonly transport: Transporter;
  readonly ready = true;

  constructor(private readonly opts: EmailSenderOptions) {
    const timeout = (opts.timeoutSeconds ?? 15) * 1000;
    this.transport = nodemailer.createTransport({ url: opts.url, connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout });
  }

  /** SMTP needs no standing connection: always worth a try. */
  onReady(): () => void {
    return () => undefined;
  }

  async send(message: { to: string; subject: string | null; body: string }): Promise<string> {
    try {
      const info = (await this.transport.sendMail({ from: this.opts.from, to: message.to, subject: message.subject ?? '', text: message.body })) as { messageId?: string; rejected?: unknown[] };
      if (Array.isArray(info.rejected) && info.rejected.length > 0) throw new SendError('permanent', `recipient rejected: ${message.to}`);
      return info.messageId ?? '';
    } catch (err) {
      if (err instanceof SendError) throw err;
      const code = (err as { responseCode?: unknown }).responseCode;
      const kind = typeof code === 'number' && code >= 500 && code < 600 ? 'permanent' : 'transient';
      throw new SendError(kind, (err as Error).message);
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}
