/**
 * Webhook signatures (docs/events.md, "Webhooks"): HMAC-SHA256 with the endpoint's secret over
 * `<timestamp>.<body>`, hex, sent as `Hotline-Signature: t=<unix seconds>,v1=<hex>`. The timestamp
 * is inside the MAC so a receiver can refuse replays older than a few minutes.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'hotline-signature';

/** A fresh secret: `whsec_` and 32 random bytes, base64url. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

export function signatureOf(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/**
 * The header value for a delivery made at `timestamp` (unix seconds): one `v1` per secret — after a
 * rotation, the new secret's and, during the grace window, the old one's, so a receiver holding
 * either verifies.
 */
export function signatureHeader(secrets: readonly string[], timestamp: number, body: string): string {
  return `t=${timestamp},${secrets.map((s) => `v1=${signatureOf(s, timestamp, body)}`).join(',')}`;
}

/**
 * What a receiver does (and our tests): true when the header is a valid signature of `body` made
 * within `toleranceSeconds` of `nowSeconds`.
 */
export function verifySignature(secret: string, header: string, body: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const parts = header.split(',').map((p) => p.split('=', 2) as [string, string | undefined]);
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(signatureOf(secret, t, body), 'hex');
  // Any one `v1` made with this secret will do (during a rotation's grace there are two).
  return parts.some(([k, v]) => k === 'v1' && v !== undefined && /^[0-9a-f]{64}$/.test(v) && timingSafeEqual(Buffer.from(v, 'hex'), expected));
}
