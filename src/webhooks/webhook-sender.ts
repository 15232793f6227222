/**
 * Delivers webhook outbox rows: POSTs the stored JSON to the endpoint, signed at send time, and
 * says what the outbox should do — a 2xx is sent; a 5xx, 408, 429, timeout or network failure is
 * retried with the outbox's backoff; any other answer (4xx: the receiver refuses it), a removed or
 * disabled endpoint, or a target that is no longer allowed fails the row at once. Each attempt's
 * result is kept on the endpoint (its last status).
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Kysely } from 'kysely';
import { SendError } from '../notify/send-error.ts';
import type { MessageSender } from '../notify/send-error.ts';
import { signatureHeader, SIGNATURE_HEADER } from './webhook-signature.ts';
import { recordWebhookAttempt, webhookTarget } from './webhook-store.ts';
import { checkWebhookUrl, guardedLookup, WebhookTargetError } from './webhook-target.ts';

export interface WebhookSenderOptions {
  db: Kysely<object>;
  /** HOTLINE_WEBHOOK_PRIVATE_TARGETS. */
  allowPrivate: boolean;
  /** Wall-clock milliseconds (the signature's timestamp). */
  now(): number;
  /** Per attempt (default 10 s). */
  timeoutMs?: number;
}

const RETRIED_STATUSES = new Set([408, 425, 429]);

export class WebhookSender implements MessageSender {
  readonly ready = true;

  constructor(private readonly opts: WebhookSenderOptions) {}

  onReady(): () => void {
    return () => undefined;
  }

  async close(): Promise<void> {
    // Nothing held open: each delivery is one request.
  }

  async send(message: { to: string; subject: string | null; body: string }): Promise<string> {
    const at = new Date(this.opts.now());
    const target = await webhookTarget(this.opts.db, message.to, at);
    if (!target || !target.enabled) throw new SendError('permanent', 'endpoint removed or disabled');
    let status: number;
    try {
      const url = checkWebhookUrl(target.url, this.opts.allowPrivate);
      status = await this.post(url, target.secrets, message.body, Math.floor(at.getTime() / 1000));
    } catch (err) {
      const refused = err instanceof WebhookTargetError || (err as { code?: string }).code === 'EWEBHOOKTARGET';
      const reason = (err as Error).message;
      await recordWebhookAttempt(this.opts.db, target.id, { status: null, error: reason }, at);
      throw new SendError(refused ? 'permanent' : 'transient', reason);
    }
    const ok = status >= 200 && status < 300;
    await recordWebhookAttempt(this.opts.db, target.id, { status, error: ok ? null : `HTTP ${status}` }, at);
    if (ok) return `HTTP ${status}`;
    throw new SendError(status >= 500 || RETRIED_STATUSES.has(status) ? 'transient' : 'permanent', `HTTP ${status}`);
  }

  /** One POST; resolves with the status (the body is read and dropped), rejects on network failure or timeout. */
  private post(url: string, secrets: readonly string[], body: string, timestamp: number): Promise<number> {
    const parsed = new URL(url);
    const request = parsed.protocol === 'https:' ? httpsRequest : httpRequest;
    const payload = Buffer.from(body, 'utf8');
    const eventId = (JSON.parse(body) as { id?: string }).id ?? '';
    return new Promise((resolve, reject) => {
      const req = request(parsed, {
        method: 'POST',
        lookup: guardedLookup(this.opts.allowPrivate),
        timeout: this.opts.timeoutMs ?? 10_000,
        headers: {
          'content-type': 'application/json',
          'content-length': payload.length,
          'user-agent': 'Hotline-Webhooks/1',
          'hotline-event-id': eventId,
          [SIGNATURE_HEADER]: signatureHeader(secrets, timestamp, body),
        },
      }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error('no answer within the timeout')));
      req.on('error', reject);
      req.end(payload);
    });
  }
}
