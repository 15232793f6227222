// RFC 4733 §2.3 telephone-event payload codec (4 bytes, network byte order):
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |     event     |E|R| volume    |          duration             |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Works on the RTP payload only; the RTP header (marker, timestamp) is the RTP module's.

import { DtmfError } from './dtmf-error.ts';

export interface TelephoneEvent {
  /** Event code (§3.2: 0–9, 10 '*', 11 '#', 12–15 A–D, 16 flash). */
  event: number;
  /** E bit: this packet reports the end of the event. */
  end: boolean;
  /** Power level of the tone as a positive number of dBm0 below zero (0..63). */
  volume: number;
  /** Duration so far in timestamp units (0..0xFFFF). */
  duration: number;
}

export const TELEPHONE_EVENT_LENGTH = 4;

/** Decodes the first event of a telephone-event payload. Throws DtmfError('payload-short'). */
export function decodeTelephoneEvent(payload: Uint8Array): TelephoneEvent {
  if (payload.length < TELEPHONE_EVENT_LENGTH) {
    throw new DtmfError('payload-short', `telephone-event payload of ${payload.length} bytes (need 4)`);
  }
  const b1 = payload[1] ?? 0;
  return {
    event: payload[0] ?? 0,
    end: (b1 & 0x80) !== 0,
    // §2.3.3 "R: This field is reserved for future use. The sender MUST set it to zero, and the
    // receiver MUST ignore it." — so bit 6 is masked off, not rejected.
    volume: b1 & 0x3f,
    duration: ((payload[2] ?? 0) << 8) | (payload[3] ?? 0),
  };
}

/** Encodes one event into a new 4-byte payload. Throws DtmfError('bad-event') on out-of-range fields. */
export function encodeTelephoneEvent(ev: TelephoneEvent): Buffer {
  const ok =
    inRange(ev.event, 0, 255) && inRange(ev.volume, 0, 63) && inRange(ev.duration, 0, 0xffff);
  if (!ok) throw new DtmfError('bad-event', `telephone-event out of range: ${JSON.stringify(ev)}`);
  const out = Buffer.alloc(TELEPHONE_EVENT_LENGTH);
  out[0] = ev.event;
  out[1] = (ev.end ? 0x80 : 0) | ev.volume;
  out.writeUInt16BE(ev.duration, 2);
  return out;
}

function inRange(v: number, lo: number, hi: number): boolean {
  return Number.isInteger(v) && v >= lo && v <= hi;
}
