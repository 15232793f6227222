/**
 * R6/R8/R3: a refused caller (blocked, over a cap, out of balance, outside opening hours) hears a
 * polite announcement over early media (183 with our SDP) before the final response, instead of
 * a bare 403/603. Where the announcement comes from is the platform's choice (a port); calls/
 * anchors the media, plays it once and answers. A late-offer caller (no SDP to answer) and a
 * media failure get the final response at once; a CANCEL stops the announcement (487).
 */
import type { Clock } from '../kernel/clock.ts';
import type { MediaEngine, PlaySource } from '../media/media-engine.ts';
import type { RefusalOutcome } from '../cdr/call-record.ts';
import type { InboundLeg } from './inbound-leg.ts';
import { createResponse } from '../sip/message/create-response.ts';

/**
 * What a refused caller hears, by why they were refused (`unavailable`: the platform cannot take the
 * call now — its record could not be opened); undefined → nothing (the bare final response).
 */
export type RefusalAnnouncements = (outcome: RefusalOutcome | 'unavailable') => PlaySource | undefined;

/** An announcement never holds a refused call longer than this. */
export const MAX_ANNOUNCEMENT_MS = 15_000;

/**
 * Plays `source` to the caller of `leg` over early media, then rejects it with `status reason`
 * (487 when the caller cancelled meanwhile). Resolves true when the caller cancelled.
 */
export async function announceThenReject(
  deps: { media: MediaEngine; clock: Clock; onError?: (err: unknown) => void },
  leg: InboundLeg,
  source: PlaySource,
  status: number,
  reason: string,
): Promise<boolean> {
  const stop = new AbortController();
  let cancelled = false;
  leg.attach({
    onCancel: () => {
      cancelled = true;
      stop.abort();
    },
    onRemoteHangup: () => undefined,
    onAnswerInAck: () => undefined,
    onAckTimeout: () => undefined,
    onRequest: (_leg, tx) => tx.respond(createResponse(tx.request, 491)),
  });
  if (!leg.lateOffer) {
    try {
      const made = await deps.media.createEndpointWithSdp({ kind: 'answer', offer: leg.invite.body.toString('utf8') }, { label: `refusal:${leg.id}`, signallingAddress: leg.tx.source.address });
      try {
        if (!cancelled) {
          leg.provisional(183, 'Session Progress', made.sdp);
          const timer = deps.clock.setTimeout(() => stop.abort(), MAX_ANNOUNCEMENT_MS);
          await made.endpoint.play(source, { signal: stop.signal }).catch((err: unknown) => deps.onError?.(err));
          deps.clock.clearTimeout(timer);
        }
      } finally {
        made.endpoint.destroy().catch((err: unknown) => deps.onError?.(err));
      }
    } catch (err) {
      // No announcement (ports exhausted, an offer we cannot answer): the final response alone.
      deps.onError?.(err);
    }
  }
  if (cancelled) leg.reject(487, 'Request Terminated');
  else leg.reject(status, reason);
  return cancelled;
}
