/**
 * The notify module as the composition root starts it: the senders the settings allow, the
 * outbox worker, and the missed-call hook the platform subscribes to `call.ended` (durably, after the call record).
 */
import type { Kysely } from 'kysely';
import type { Settings } from '../config/settings.ts';
import type { EndedCall } from './missed-call-alert.ts';
import { enqueueMissedCallAlerts } from './missed-call-alert.ts';
import { EmailSender } from './email-sender.ts';
import { OutboxWorker } from './outbox-worker.ts';
import type { OutboxWorkerOptions } from './outbox-worker.ts';
import type { Clock } from '../kernel/clock.ts';
import type { MessageSender } from './send-error.ts';
import type { OutboxChannel } from './notification.ts';
import { SmppSender } from './smpp-sender.ts';

export type NotifySettings = Pick<Settings, 'smppHost' | 'smppPort' | 'smppSystemId' | 'smppPassword' | 'smsSourceAddress' | 'smtpUrl' | 'smtpFrom'>;

export interface Notifications {
  readonly worker: OutboxWorker;
  /** Enqueues the missed-call alerts of an ended call (errors go to the log, never to the caller). */
  callEnded(call: EndedCall): void;
  stop(): Promise<void>;
}

export interface StartNotificationsOptions {
  log: (line: string) => void;
  clock?: Clock;
  /** Webhook deliveries (src/webhooks) ride the same outbox and worker. */
  webhookSender?: MessageSender;
  /** Worker tuning (tests poll faster). */
  worker?: Partial<Pick<OutboxWorkerOptions, 'pollMs' | 'backoff' | 'maxAttempts' | 'leaseMs'>>;
}

export function startNotifications(db: Kysely<object>, settings: NotifySettings, opts: StartNotificationsOptions): Notifications {
  const senders: Partial<Record<OutboxChannel, MessageSender>> = {};
  if (opts.webhookSender) senders.webhook = opts.webhookSender;
  if (settings.smppHost !== undefined && settings.smppSystemId !== undefined && settings.smppPassword !== undefined) {
    senders.sms = new SmppSender({
      host: settings.smppHost,
      port: settings.smppPort ?? 2775,
      systemId: settings.smppSystemId,
      password: settings.smppPassword,
      sourceAddress: settings.smsSourceAddress ?? '',
      log: opts.log,
    });
  }
  if (settings.smtpUrl !== undefined && settings.smtpFrom !== undefined) senders.email = new EmailSender({ url: settings.smtpUrl, from: settings.smtpFrom });
  const worker = new OutboxWorker({ db, senders, log: opts.log, ...(opts.clock ? { clock: opts.clock } : {}), ...opts.worker });
  worker.start();
  const now = () => new Date(opts.clock?.wallNow() ?? Date.now());
  return {
    worker,
    callEnded(call) {
      enqueueMissedCallAlerts(db, call, now()).catch((err: unknown) => opts.log(`missed-call alert for call ${call.callId} not queued: ${(err as Error).message}`));
    },
    async stop() {
      await worker.stop();
      for (const s of Object.values(senders)) await s?.close();
    },
  };
}
