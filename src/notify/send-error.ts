/**
 * Why a send failed, and whether trying again can help: a `transient` failure (gateway down,
 * throttled, timeout) is retried with backoff; a `permanent` one (a destination the gateway
 * refuses, a mailbox the server rejects with 5xx) fails the outbox row at once.
 */
export class SendError extends Error {
  constructor(
    readonly kind: 'transient' | 'permanent',
    message: string,
  ) {
    super(message);
    this.name = 'SendError';
  }
}

/** A channel's way out: SMS over SMPP, e-mail over SMTP (and fakes in unit tests). */
export interface MessageSender {
  /** Whether a send now has a chance (SMPP: bound). The worker leaves rows queued otherwise. */
  readonly ready: boolean;
  /** Resolves with the provider's reference (message ids); rejects with SendError. */
  send(message: { to: string; subject: string | null; body: string }): Promise<string>;
  /** Subscribes to "became ready"; returns the unsubscribe function. */
  onReady(listener: () => void): () => void;
  close(): Promise<void>;
}
