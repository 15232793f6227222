/**
 * C10: the turn of a caller who asked to be called back (they hung up keeping their place). The
 * platform places an outbound-only call (`deps.originate`, CallControl.originate): the agent's phone
 * is rung as any offer (offer-ring.ts: SIP, browser, or a mobile confirming with 1) and, once the
 * offer is answered, the agent hears the whisper and ringback while the caller is rung through the
 * trunk showing the tenant's 400 number; the caller hears "这是您预约的回拨" and the two are bridged.
 * A callback nobody can place (no trunk, a number the tenant may not call, admission refused) is
 * dropped and logged — it is not the agent's miss.
 */
import { CallVerbError } from '../../calls/ports.ts';
import type { DialTarget, DrivenCall } from '../../calls/ports.ts';
import type { Offer } from '../acd-engine.ts';
import { reported } from './queue-call-ports.ts';
import { type OfferRingContext, ringOffer } from './offer-ring.ts';

/** How long the caller's phone rings for their callback. */
const CALLER_RING_MS = 30_000;

/** `enteredAt`: when the caller first joined the queue (the record's wait). */
export async function placeCallback(offer: Offer, ctx: OfferRingContext, enteredAt: number): Promise<void> {
  const { deps, signal } = ctx;
  const engine = deps.engine;
  const callback = offer.callback;
  const number400 = callback?.number400;
  const customer = callback && number400 ? await deps.outsideTarget(offer.tenantId, callback.number).catch(reported(deps, undefined)) : undefined;
  if (signal.aborted) return;
  const drop = (why: string): void => {
    deps.onError?.(new Error(`callback to ${callback?.number ?? '?'} (queue ${offer.queueId}) dropped: ${why}`));
    engine.leave(offer.ticketId, 'abandoned');
  };
  if (!callback || !number400 || !customer || !deps.originate) return drop('the number cannot be called');
  const placed = await deps
    .originate({ tenantId: offer.tenantId, number400, customerNumber: callback.number, customer, ringTimeoutMs: CALLER_RING_MS }, (call) => callBack(call, offer, customer, number400, ctx, enteredAt))
    .catch(reported(deps, undefined));
  if (!placed) return drop('the call could not be placed');
  if ('refused' in placed) return drop(`${placed.refused.status} ${placed.refused.reason}`);
}

/** The callback call: agent first, then the caller; the agent's call lasts until the call ends. */
async function callBack(call: DrivenCall, offer: Offer, customer: DialTarget, number400: string, ctx: OfferRingContext, enteredAt: number): Promise<void> {
  const { deps, prompts } = ctx;
  const engine = deps.engine;
  call.setUnbridgedOutcome({ outcome: 'no_answer', status: 480, reason: 'Callback Not Answered' });
  const agentLeg = await ringOffer(call, offer, { ...ctx, signal: AbortSignal.any([ctx.signal, call.signal]) });
  if (agentLeg === undefined) return;
  if (!engine.offerAnswered(offer.token)) {
    // Withdrawn meanwhile (the queue was removed, a supervisor logged the agent out).
    await call.hangUpLeg(agentLeg).catch(reported(deps, undefined));
    return;
  }
  try {
    void deps.records.answered(offer.tenantId, call.id, { queueId: offer.queueId, waitMs: deps.clock.wallNow() - enteredAt, agentId: offer.agentId, userId: offer.userId }).catch(reported(deps, undefined));
    const queueName = engine.queueSettings(offer.tenantId, offer.queueId)?.name ?? '';
    await call.play(agentLeg, prompts.whisper(queueName, undefined), { signal: call.signal }).catch(reported(deps, 'failed'));
    const ringback = new AbortController();
    call.play(agentLeg, { kind: 'tone', tone: 'ringback' }, { loop: true, signal: AbortSignal.any([ringback.signal, call.signal]) }).catch(reported(deps, 'failed'));
    let customerLeg: string;
    try {
      customerLeg = await call.ring(customer, { callerNumber: number400, pstnCallerId: number400, signal: call.signal });
    } finally {
      ringback.abort();
    }
    await call.play(customerLeg, prompts.phrase('callback-hello'), { signal: call.signal }).catch(reported(deps, 'failed'));
    await call.bridge(agentLeg, customerLeg, { signal: call.signal });
    if (!call.signal.aborted) await new Promise<void>((resolve) => call.signal.addEventListener('abort', () => resolve(), { once: true }));
  } catch (err) {
    // The caller did not answer (or the call ended): the call ends unbridged, the agent is free again.
    if (!(err instanceof CallVerbError && err.code === 'refused')) reported(deps, undefined)(err);
  } finally {
    engine.callEnded(offer.token);
  }
}
