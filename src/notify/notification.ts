/** Notifications: what the outbox holds and the vocabulary other domains use to enqueue one. */

export type NotificationChannel = 'sms' | 'email';

/** What the durable outbox carries: notifications, and webhook deliveries (src/webhooks) that reuse its retries. */
export type OutboxChannel = NotificationChannel | 'webhook';

/**
 * A row's life: `queued` (waiting for its next attempt, including the first) → `sent` (the SMS
 * gateway or mail server accepted it) or `failed` (a permanent refusal, or attempts exhausted).
 */
export type OutboxState = 'queued' | 'sent' | 'failed';

export type NotificationLocale = 'zh-CN' | 'en';

/** The message kinds the platform sends; each has a zh-CN and an English template. */
export type TemplateName = 'missed_call' | 'low_balance' | 'cap_warning' | 'cap_reached' | 'voicemail' | 'outbound_fraud_warning' | 'outbound_suspended';

/** Template parameters: plain strings and numbers (rendered as given), ISO timestamps under `*At`. */
export type TemplateParams = Readonly<Record<string, string | number>>;

export interface NotificationInput {
  tenantId: string;
  channel: NotificationChannel;
  /** E.164 mobile (`+8613912345678` or national `13912345678`) for sms; an address for email. */
  to: string;
  template: TemplateName;
  params: TemplateParams;
  /** Default zh-CN. */
  locale?: NotificationLocale;
  /** The same key twice enqueues once (e.g. `missed:<callId>`): a retried caller cannot double-send. */
  dedupeKey?: string;
}

export interface OutboxEntry {
  id: string;
  tenantId: string;
  channel: NotificationChannel;
  recipient: string;
  template: TemplateName;
  locale: NotificationLocale;
  params: TemplateParams;
  subject: string | null;
  body: string;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  providerRef: string | null;
  createdAt: string;
  sentAt: string | null;
}

export class NotificationError extends Error {
  constructor(
    readonly code: 'NOTIFY_BAD_RECIPIENT' | 'NOTIFY_BAD_TEMPLATE' | 'NOTIFY_NOT_YOUR_NUMBER',
    message: string,
    readonly statusCode = 422,
  ) {
    super(message);
    this.name = 'NotificationError';
  }
}
