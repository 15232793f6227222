/**
 * Alerts addressed to the tenant itself rather than to a number's duty staff: low balance,
 * monthly caps at 80 % / 100 % (R8). They go to the tenant's contact — an SMS when the contact
 * phone is a mobile, an e-mail when there is a contact address.
 */
import type { Kysely } from 'kysely';
import { withTransaction } from '../db/transaction.ts';
import { getTenant } from '../tenants/tenant-store.ts';
import type { NotificationLocale, TemplateName, TemplateParams } from './notification.ts';
import { NotificationError } from './notification.ts';
import { enqueueNotification } from './outbox-store.ts';
import { normalizeEmail, normalizeMobile } from './recipient.ts';

export interface TenantAlertInput {
  tenantId: string;
  template: TemplateName;
  params: TemplateParams;
  locale?: NotificationLocale;
  /** E.g. `cap80:<number>:<YYYY-MM>`: the same alert is enqueued once per key (per channel). */
  dedupeKey?: string;
}

/** Enqueues the alert to the tenant's contact; returns the outbox ids (empty when no usable contact). */
export async function enqueueTenantAlert(db: Kysely<object>, input: TenantAlertInput, now: Date = new Date()): Promise<string[]> {
  return withTransaction(db, async (trx) => {
    const tenant = await getTenant(trx, input.tenantId);
    if (!tenant) return [];
    const targets: ['sms' | 'email', string][] = [];
    const mobile = usable(() => normalizeMobile(tenant.contact.phone));
    if (mobile) targets.push(['sms', mobile]);
    const email = tenant.contact.email ? usable(() => normalizeEmail(tenant.contact.email ?? '')) : undefined;
    if (email) targets.push(['email', email]);
    const ids: string[] = [];
    for (const [channel, to] of targets) {
      ids.push(
        await enqueueNotification(trx, {
          tenantId: tenant.id,
          channel,
          to,
          template: input.template,
          params: input.params,
          ...(input.locale ? { locale: input.locale } : {}),
          ...(input.dedupeKey !== undefined ? { dedupeKey: `${input.dedupeKey}:${channel}` } : {}),
        }, now),
      );
    }
    return ids;
  });
}

/** A contact that cannot receive this channel (a landline for SMS) is skipped, not an error. */
function usable(normalise: () => string): string | undefined {
  try {
    return normalise();
  } catch (err) {
    if (err instanceof NotificationError) return undefined;
    throw err;
  }
}
