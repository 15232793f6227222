/**
 * Who hears about a missed call on a 400 number (REQUIREMENTS R11): mobiles for SMS and
 * addresses for e-mail, per number, set as a whole list at a time (API and `hotline import`).
 */
import type { Kysely } from 'kysely';
import { newId, toDbTimestamp } from '../db/conventions.ts';
import { getNumber, listTenantNumbers } from '../numbers/number-inventory.ts';
import { NotificationError } from './notification.ts';
import type { NotifyTables } from './notify-tables.ts';
import { normalizeEmail, normalizeMobile } from './recipient.ts';

type Db = Kysely<object>;
const tables = (db: Db) => db.withTables<NotifyTables>();

/** Per channel, per number. */
export const MAX_RECIPIENTS = 10;

export interface MissedCallRecipients {
  /** Canonical 10 digits. */
  number: string;
  /** E.164. */
  mobiles: string[];
  emails: string[];
}

/** The recipients of one number of the tenant (empty lists when none are set). */
export async function getMissedCallRecipients(db: Db, tenantId: string, number400: string): Promise<MissedCallRecipients> {
  const rows = await tables(db)
    .selectFrom('notify_missed_call_recipients')
    .select(['channel', 'address'])
    .where('tenant_id', '=', tenantId)
    .where('number_400', '=', number400)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return {
    number: number400,
    mobiles: rows.filter((r) => r.channel === 'sms').map((r) => r.address),
    emails: rows.filter((r) => r.channel === 'email').map((r) => r.address),
  };
}

/** Every number the tenant holds, with its recipients (numbers without any included). */
export async function listMissedCallRecipients(db: Db, tenantId: string): Promise<MissedCallRecipients[]> {
  const numbers = await listTenantNumbers(db, tenantId);
  const rows = await tables(db)
    .selectFrom('notify_missed_call_recipients')
    .select(['number_400', 'channel', 'address'])
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return numbers.map((n) => ({
    number: n.number,
    mobiles: rows.filter((r) => r.number_400 === n.number && r.channel === 'sms').map((r) => r.address),
    emails: rows.filter((r) => r.number_400 === n.number && r.channel === 'email').map((r) => r.address),
  }));
}

/**
 * Replaces the number's recipients. The number must be the tenant's (any spelling); another
 * tenant's number is `NOTIFY_NOT_YOUR_NUMBER` (404, indistinguishable from an unknown one).
 * Addresses are normalised and de-duplicated; a bad one refuses the whole list.
 */
export async function setMissedCallRecipients(
  db: Db,
  tenantId: string,
  number: string,
  input: { mobiles: readonly string[]; emails: readonly string[] },
  now: Date = new Date(),
): Promise<MissedCallRecipients> {
  const record = await getNumber(db, number);
  if (!record || record.tenantId !== tenantId) throw new NotificationError('NOTIFY_NOT_YOUR_NUMBER', `no 400 number '${number.slice(0, 40)}' in this tenant`, 404);
  const mobiles = [...new Set(input.mobiles.map(normalizeMobile))];
  const emails = [...new Set(input.emails.map(normalizeEmail))];
  if (mobiles.length > MAX_RECIPIENTS || emails.length > MAX_RECIPIENTS) {
    throw new NotificationError('NOTIFY_BAD_RECIPIENT', `at most ${MAX_RECIPIENTS} mobiles and ${MAX_RECIPIENTS} e-mail addresses per number`);
  }
  await tables(db).deleteFrom('notify_missed_call_recipients').where('tenant_id', '=', tenantId).where('number_400', '=', record.number).execute();
  const rows = [...mobiles.map((a) => ['sms', a] as const), ...emails.map((a) => ['email', a] as const)].map(([channel, address], i) => ({
    id: newId(),
    tenant_id: tenantId,
    number_400: record.number,
    channel,
    address,
    // Distinct timestamps keep the list in the order given.
    created_at: toDbTimestamp(new Date(now.getTime() + i)),
  }));
  if (rows.length > 0) await tables(db).insertInto('notify_missed_call_recipients').values(rows).execute();
  return { number: record.number, mobiles, emails };
}
