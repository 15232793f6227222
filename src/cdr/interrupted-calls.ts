/**
 * At start: every record still open belongs to a call that was up when the process died. It is
 * closed as `interrupted`, ending at the last heartbeat (the latest instant the process is known
 * to have been alive; never before the call's own start or answer), and an answered one is charged
 * for the talk up to there — each in its own transaction, with its ledger entry. Its phones still
 * ringing then (leg records without an end) are closed as `interrupted` at the same instant.
 */
import type { Kysely } from 'kysely';
import { toDbTimestamp } from '../db/conventions.ts';
import { withTransaction } from '../db/transaction.ts';
import { talkSecondsBetween } from './call-record.ts';
import { callRecordTables } from './call-record-store.ts';
import { closeRingingLegs } from './call-leg-store.ts';
import { chargeEndedCall } from './charge-ended-call.ts';
import { lastBeat } from './heartbeat.ts';

export interface InterruptedSummary {
  closed: number;
  chargedLi: number;
}

/** `now` bounds the end when no heartbeat was ever written (a store from before heartbeats). */
export async function closeInterruptedCalls(db: Kysely<object>, now: Date): Promise<InterruptedSummary> {
  const heartbeat = await lastBeat(db);
  const bound = heartbeat !== undefined && heartbeat < now ? heartbeat : now;
  const open = await callRecordTables(db)
    .selectFrom('call_records')
    .select(['id', 'started_at', 'answered_at'])
    .where('outcome', 'is', null)
    .execute();
  const summary: InterruptedSummary = { closed: 0, chargedLi: 0 };
  for (const r of open) {
    const answeredAt = r.answered_at === null ? undefined : new Date(r.answered_at);
    const floor = Math.max(Date.parse(r.started_at), answeredAt?.getTime() ?? 0);
    const endedAt = new Date(Math.max(bound.getTime(), floor));
    const charged = await withTransaction(db, async (trx) => {
      const res = await callRecordTables(trx)
        .updateTable('call_records')
        .set({
          outcome: 'interrupted',
          ended_at: toDbTimestamp(endedAt),
          ended_by: 'platform',
          sip_reason: 'platform restarted',
          talk_seconds: talkSecondsBetween(answeredAt, endedAt),
        })
        .where('id', '=', r.id)
        .where('outcome', 'is', null)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) return undefined;
      await closeRingingLegs(trx, r.id, endedAt);
      return (await chargeEndedCall(trx, r.id, endedAt)) ?? { chargeLi: 0 };
    });
    if (charged === undefined) continue;
    summary.closed += 1;
    summary.chargedLi += charged.chargeLi;
  }
  return summary;
}
