// Sends one key press as RFC 4733 telephone-event packets on a leg, each at its planned offset
// from the key going down (absolute times, so the updates stay 20 ms apart).

import { telephoneEventPackets } from '../dtmf/telephone-event-sender.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { RtpLeg } from './rtp-leg.ts';

export async function sendTelephoneEvent(leg: RtpLeg, clock: Clock, digit: string, durationMs: number, stillWanted: () => boolean): Promise<void> {
  const plan = telephoneEventPackets(digit, { durationMs, intervalMs: 20 });
  // One identity for the whole event: the output stream starts one segment (marker set, §2.5.1.1
  // "the first packet of an event SHOULD have the marker bit set") and numbers the packets on.
  const source = {};
  const start = clock.now();
  for (const [i, p] of plan.entries()) {
    const wait = start + p.offsetMs - clock.now();
    if (wait > 0) await new Promise<void>((resolve) => clock.setTimeout(resolve, wait));
    if (!stillWanted()) return;
    leg.sendTelephoneEvent(p.payload, source, i, p.timestampOffset, p.marker);
  }
}
