/**
 * One offer: ring the agent's phone as a new leg of the caller's call (C15: a registered SIP
 * phone, the browser softphone — a SIP user over WebSocket —, or the agent's own mobile through the
 * trunk) and tell the engine how it went. A mobile must confirm with 1 ("按1接听") before it counts
 * as answered, so a carrier's voicemail or a pocket never takes the call. Resolves the answered
 * leg's id (the caller decides whether it still wants it), or undefined.
 */
import { CallVerbError } from '../../calls/ports.ts';
import type { DrivenCall } from '../../calls/ports.ts';
import type { Offer, OfferFailure } from '../acd-engine.ts';
import { type QueueCallDeps, reported } from './queue-call-ports.ts';
import type { QueuePrompts } from './queue-prompts.ts';

/** Tries for the mobile's confirmation, and how long each waits for the key after the prompt. */
const CONFIRM_TRIES = 2;
const CONFIRM_KEY_MS = 4_000;

export interface OfferRingContext {
  deps: QueueCallDeps;
  prompts: QueuePrompts;
  /** Aborted when the offer is withdrawn or the call ends. */
  signal: AbortSignal;
}

export async function ringOffer(call: DrivenCall, offer: Offer, ctx: OfferRingContext): Promise<string | undefined> {
  const { deps, signal } = ctx;
  const engine = deps.engine;
  const target = await deps.agentTarget(offer.tenantId, offer.phone).catch(reported(deps, undefined));
  if (signal.aborted) return undefined;
  if (!target) {
    engine.offerFailed(offer.token, 'failed');
    return undefined;
  }
  engine.offerRinging(offer.token);
  let legId: string;
  try {
    legId = await call.ring(target, { ringTimeoutMs: offer.ringTimeoutMs, signal, tag: { queueId: offer.queueId, agentId: offer.agentId } });
  } catch (err) {
    // Withdrawn or the call ended: the engine knows already.
    if (!signal.aborted) engine.offerFailed(offer.token, failureOf(err));
    return undefined;
  }
  if (signal.aborted) {
    await call.hangUpLeg(legId).catch(reported(deps, undefined));
    return undefined;
  }
  if (offer.phone.kind === 'mobile' && !(await confirmed(call, legId, ctx))) {
    await call.hangUpLeg(legId).catch(reported(deps, undefined));
    if (!signal.aborted) engine.offerFailed(offer.token, 'no_answer');
    return undefined;
  }
  return legId;
}

/** C15: "您有一个来电，请按1接听" until the agent keys 1 (or the tries run out). */
async function confirmed(call: DrivenCall, legId: string, ctx: OfferRingContext): Promise<boolean> {
  for (let i = 0; i < CONFIRM_TRIES && !ctx.signal.aborted; i++) {
    try {
      await call.play(legId, ctx.prompts.phrase('answer-confirm'), { bargeIn: true, signal: ctx.signal });
      const key = await call.collect(legId, { maxDigits: 1, timeoutMs: CONFIRM_KEY_MS, signal: ctx.signal });
      if (key === '1') return true;
    } catch {
      return false; // the leg left, the offer was withdrawn
    }
  }
  return false;
}

/** The ring verb's refusal ("486 Busy Here", "480 …", "603 Decline") as the engine's reason. */
function failureOf(err: unknown): OfferFailure {
  if (!(err instanceof CallVerbError) || err.code !== 'refused') return 'failed';
  const status = Number(/^(\d{3})/.exec(err.message)?.[1]);
  if (status === 486 || status === 600) return 'busy';
  if (status === 603) return 'rejected';
  if (status === 408 || status === 480 || status === 487) return 'no_answer';
  return 'failed';
}
