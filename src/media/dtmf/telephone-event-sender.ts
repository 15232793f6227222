// RFC 4733 sender: the packet sequence for one key press. Pure: the RTP layer stamps each packet
// with the event's timestamp (the stream's timestamp when the key goes down, the same for every
// packet of the event, §2.5.1.2), its own next sequence number, and sends it at `offsetMs`.
//
//   for (const p of telephoneEventPackets('5', { durationMs: 160 })) {
//     at(start + p.offsetMs, () => rtp.send({ payloadType: pt, marker: p.marker, timestamp: ts, payload: p.payload }));
//   }
//
// Shape: updates every `intervalMs` with the duration so far (the first one, with the marker bit,
// reports 0), then the final packet with the E bit and the full duration, sent three times
// (§2.5.1.4 "the final packet for each event … SHOULD be sent a total of three times at the
// interval used by the source for updates"). Events longer than the 16-bit duration field are cut
// into segments with following timestamps (§2.5.1.3); `timestampOffset` says how far each
// segment's timestamp is from the first.

import { DtmfError } from './dtmf-error.ts';
import { digitToEvent } from './dtmf-digit.ts';
import { encodeTelephoneEvent } from './telephone-event.ts';

export interface TelephoneEventSendOptions {
  /** Length of the key press. Default 100 ms. */
  durationMs?: number;
  /** Update interval (normally the ptime). Default 20 ms. */
  intervalMs?: number;
  /** Tone power in -dBm0 (0..63). Default 10. */
  volume?: number;
  /** telephone-event clock rate. Default 8000. */
  clockRate?: number;
}

export interface TelephoneEventPacketPlan {
  /** When to send, from the moment the key goes down. */
  offsetMs: number;
  /** Add to the event's RTP timestamp (0 except in later segments of a very long event). */
  timestampOffset: number;
  /** RTP marker bit: set on the first packet of an event (segment). */
  marker: boolean;
  payload: Buffer;
  /** True for the final (E bit) packets, including the two retransmissions. */
  end: boolean;
}

const MAX_DURATION = 0xffff;

/** The packets for one digit. Throws DtmfError('bad-event') for a character that is not a digit. */
export function telephoneEventPackets(digit: string, opts: TelephoneEventSendOptions = {}): TelephoneEventPacketPlan[] {
  const event = digitToEvent(digit);
  if (event === undefined) throw new DtmfError('bad-event', `not a DTMF digit: ${JSON.stringify(digit)}`);
  const rate = opts.clockRate ?? 8000;
  const intervalMs = opts.intervalMs ?? 20;
  const volume = opts.volume ?? 10;
  const total = Math.max(1, Math.round(((opts.durationMs ?? 100) * rate) / 1000));
  const step = Math.max(1, Math.round((intervalMs * rate) / 1000));
  const packets: TelephoneEventPacketPlan[] = [];
  for (let segStart = 0; segStart < total; segStart += MAX_DURATION) {
    const segLen = Math.min(MAX_DURATION, total - segStart);
    const toMs = (units: number): number => ((segStart + units) * 1000) / rate;
    for (let d = 0; d < segLen; d += step) {
      const payload = encodeTelephoneEvent({ event, end: false, volume, duration: d });
      packets.push({ offsetMs: toMs(d), timestampOffset: segStart, marker: d === 0, payload, end: false });
    }
    const final = encodeTelephoneEvent({ event, end: true, volume, duration: segLen });
    for (let i = 0; i < 3; i++) {
      const offsetMs = toMs(segLen) + i * intervalMs;
      packets.push({ offsetMs, timestampOffset: segStart, marker: false, payload: final, end: true });
    }
  }
  return packets;
}
