/**
 * R11: when a call to a 400 number ends without anyone answering, every configured mobile gets an
 * SMS and every configured address an e-mail with the caller's number and the time of the call.
 *
 * "Missed" means the caller wanted a person and got none: the bound phones were busy (`busy`),
 * rang out (`no_answer`), the caller gave up while they rang (`cancelled`, i.e. abandoned), or no
 * phone could be reached at all (`failed`). Not missed: `answered`, and calls the platform refused
 * on purpose before ringing anyone (blacklist, region block, caps: those never open a call) or
 * closed as `interrupted` after a crash (the platform's failure, reported elsewhere). An outcome
 * this list does not know is not alerted.
 */
import type { Kysely } from 'kysely';
import { withTransaction } from '../db/transaction.ts';
import { toDbTimestamp } from '../db/conventions.ts';
import { getMissedCallRecipients } from './missed-call-recipients.ts';
import { enqueueNotification } from './outbox-store.ts';
import { outboxSignal } from './outbox-signal.ts';
import type { TemplateName, TemplateParams } from './notification.ts';

export const MISSED_OUTCOMES: ReadonlySet<string> = new Set(['busy', 'no_answer', 'cancelled', 'failed']);

export function isMissedCall(outcome: string): boolean {
  return MISSED_OUTCOMES.has(outcome);
}

/** What the alert needs of a finished call (call.ended's durable facts carry it). */
export interface EndedCall {
  callId: string;
  tenantId: string;
  number400: string;
  callerNumber: string;
  startedAt: Date;
  outcome: string;
}

/**
 * Enqueues the alerts of one ended call (none when it was not missed or nobody is configured);
 * returns how many. Idempotent per call: running it twice for one call enqueues once.
 */
export async function enqueueMissedCallAlerts(db: Kysely<object>, call: EndedCall, now: Date = new Date()): Promise<number> {
  if (!isMissedCall(call.outcome)) return 0;
  const params = { caller: call.callerNumber, number400: call.number400, at: toDbTimestamp(call.startedAt), outcome: call.outcome };
  return toNumberRecipients(db, { tenantId: call.tenantId, number400: call.number400, template: 'missed_call', params, key: `missed:${call.callId}` }, now);
}

/** R13: a voicemail was left on the number; its duty staff (the missed-call recipients) hear of it. */
export interface VoicemailLeft {
  callId: string;
  tenantId: string;
  number400: string;
  callerNumber: string;
  startedAt: Date;
  /** Length of the message, whole seconds. */
  seconds: number;
}

/** Enqueues the voicemail announcement to the number's missed-call recipients; returns how many. */
export async function enqueueVoicemailAlerts(db: Kysely<object>, vm: VoicemailLeft, now: Date = new Date()): Promise<number> {
  const params = { caller: vm.callerNumber, number400: vm.number400, at: toDbTimestamp(vm.startedAt), seconds: vm.seconds };
  return toNumberRecipients(db, { tenantId: vm.tenantId, number400: vm.number400, template: 'voicemail', params, key: `voicemail:${vm.callId}` }, now);
}

interface NumberAlert {
  tenantId: string;
  number400: string;
  template: TemplateName;
  params: TemplateParams;
  /** Dedupe key prefix; the channel and recipient are appended. */
  key: string;
}

/** One row per recipient of the number, in one transaction; wakes the worker after the commit. */
async function toNumberRecipients(db: Kysely<object>, alert: NumberAlert, now: Date): Promise<number> {
  const count = await withTransaction(db, async (trx) => {
    const recipients = await getMissedCallRecipients(trx, alert.tenantId, alert.number400);
    const targets = [...recipients.mobiles.map((to) => ['sms', to] as const), ...recipients.emails.map((to) => ['email', to] as const)];
    for (const [channel, to] of targets) {
      await enqueueNotification(trx, { tenantId: alert.tenantId, channel, to, template: alert.template, params: alert.params, dedupeKey: `${alert.key}:${channel}:${to}` }, now);
    }
    return targets.length;
  });
  // The announce inside may have come before the commit; say it again now that the rows are visible.
  if (count > 0 && !db.isTransaction) outboxSignal.announce();
  return count;
}
