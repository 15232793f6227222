/**
 * C10: an offer for a caller who asked to be called back. The platform's callback dialer rings the
 * agent, then the caller, and bridges them; this tells the engine how the agent's side went, as an
 * offer on the caller's own call would.
 */
import type { Offer } from '../acd-engine.ts';
import { type QueueCallDeps, reported } from './queue-call-ports.ts';

export async function placeCallback(offer: Offer, deps: QueueCallDeps, signal: AbortSignal): Promise<void> {
  const engine = deps.engine;
  const dialer = deps.callbacks;
  const target = await deps.agentTarget(offer.tenantId, offer.phone).catch(reported(deps, undefined));
  if (signal.aborted) return;
  if (!dialer || !target) return engine.offerFailed(offer.token, 'failed');
  engine.offerRinging(offer.token);
  let answered = false;
  try {
    const result = await dialer.place(offer, target, {
      agentAnswered: () => (answered = engine.offerAnswered(offer.token)),
      ended: () => engine.callEnded(offer.token),
    }, signal);
    if (result !== 'answered' && !answered && !signal.aborted) engine.offerFailed(offer.token, result);
  } catch (err) {
    deps.onError?.(err);
    if (!answered && !signal.aborted) engine.offerFailed(offer.token, 'failed');
  }
}
