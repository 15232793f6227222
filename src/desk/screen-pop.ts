/**
 * The screen pop (C14): everything known about an offered call before the agent answers — the
 * caller's number and region, the 400 number dialled, the queue, the IVR path and keys, the wait,
 * whether this caller was served before and by whom, and their last contacts with the tenant.
 * Assembled on request from the desk's call book (the offer, the IVR path), the ACD's queue
 * settings and the call records (the record is opened before anything rings, so it is there).
 */
import type { Kysely } from 'kysely';
import type { QueueSettings } from '../acd/acd-model.ts';
import { getCallRecord } from '../cdr/call-record-store.ts';
import { lastContacts, lastServed, type PastContact } from './caller-history.ts';
import type { BookedOffer, IvrPath } from './desk-call-book.ts';

export interface ScreenPop {
  token: string;
  callId: string;
  offeredAt: string;
  /** The agent's phone rings this long; the offer's countdown ends at `answerBy`. */
  ringSeconds: number;
  answerBy: string;
  /** Time the caller had waited in queue(s) when the offer was made. */
  waitedSeconds: number;
  queue: { id: string; name: string };
  number400: string;
  caller: { number: string; kind: string; areaCode: string | null; province: string | null; city: string | null };
  /** The number's pre-dial flow the caller went through; null when no menu sent the call here. */
  ivr: IvrPath | null;
  /** The caller's latest answered call with the tenant; null: never served before. */
  servedBefore: PastContact | null;
  /** The caller's latest contacts with the tenant, newest first (this call left out). */
  lastContacts: PastContact[];
}

export async function screenPop(
  db: Kysely<object>,
  offer: BookedOffer,
  deps: { ivr: IvrPath | undefined; queue: QueueSettings | undefined },
): Promise<ScreenPop | undefined> {
  const record = await getCallRecord(db, offer.tenantId, offer.callId);
  if (!record) return undefined;
  const [served, contacts] = await Promise.all([
    lastServed(db, offer.tenantId, record.callerNumber, record.id),
    lastContacts(db, offer.tenantId, record.callerNumber, record.id),
  ]);
  const ringSeconds = deps.queue?.ringSeconds ?? 0;
  return {
    token: offer.token,
    callId: offer.callId,
    offeredAt: offer.offeredAt,
    ringSeconds,
    answerBy: new Date(Date.parse(offer.offeredAt) + ringSeconds * 1000).toISOString(),
    waitedSeconds: offer.waitedSeconds,
    queue: { id: offer.queueId, name: deps.queue?.name ?? offer.queueId },
    number400: record.number400,
    caller: { number: record.callerNumber, kind: record.callerKind, areaCode: record.callerAreaCode, province: record.callerProvince, city: record.callerCity },
    ivr: deps.ivr ?? null,
    servedBefore: served ?? null,
    lastContacts: contacts,
  };
}
