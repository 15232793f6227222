/** Recipients as stored: mobiles in E.164, e-mail addresses trimmed with a lower-case domain. */
import { parsePhone } from '../phone/phone-number.ts';
import type { NotificationChannel } from './notification.ts';
import { NotificationError } from './notification.ts';

/** A number that can receive SMS (mobile, or a number type the metadata cannot tell apart). */
export function normalizeMobile(raw: string): string {
  const parsed = raw.length <= 32 ? parsePhone(raw) : undefined;
  const type = parsed?.getType();
  if (!parsed || !parsed.isValid() || (type !== 'MOBILE' && type !== 'FIXED_LINE_OR_MOBILE')) {
    throw new NotificationError('NOTIFY_BAD_RECIPIENT', `'${raw.slice(0, 40)}' is not a mobile number`);
  }
  return parsed.number;
}

// Deliberately loose (RFC 5321 allows far more than any form should): one @, no spaces, a dotted domain.
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]+$/;

export function normalizeEmail(raw: string): string {
  const s = raw.trim();
  const at = s.lastIndexOf('@');
  if (s.length > 254 || !EMAIL.test(s) || at < 0) throw new NotificationError('NOTIFY_BAD_RECIPIENT', `'${raw.slice(0, 60)}' is not an e-mail address`);
  return `${s.slice(0, at)}@${s.slice(at + 1).toLowerCase()}`;
}

export function normalizeRecipient(channel: NotificationChannel, raw: string): string {
  return channel === 'sms' ? normalizeMobile(raw) : normalizeEmail(raw);
}
