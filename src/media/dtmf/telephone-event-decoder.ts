// Per-stream RFC 4733 receiver: turns the telephone-event packets of one RTP stream into exactly
// one 'begin' and one 'end' per key press, whatever the network did to the packets.
//
//   const dec = new TelephoneEventDecoder();              // telephone-event/8000
//   for (const out of dec.process({ timestamp, marker, payload })) {
//     if (out.type === 'begin') …                          // report the digit at once (IVR)
//     if (out.type === 'end') …                            // duration known (DtmfEvent.durationMs)
//   }
//   dec.flush()   // stream stopped or idle (e.g. 1 s without packets): closes an event whose
//                 // end packets were all lost
//   dec.reset()   // new SSRC
//
// Identity of an event is its RTP timestamp: every packet of one event (updates and final
// packets) carries the timestamp of the event's start (RFC 4733 §2.3.4, §2.5.1). Hence:
//   - updates and the (up to three) retransmitted end packets of a timestamp count once;
//   - a new timestamp is a new key press, even for the same digit pressed twice;
//   - a long press is many updates with one timestamp; one that outlasts the 16-bit duration is
//     continued in segments (§2.5.1.3) whose timestamps follow on — still one key press;
//   - when the first packets (marker bit) are lost, the first packet seen begins the event;
//     when only an end packet arrives, it yields begin and end together;
//   - when the end packets are lost, the next event (or flush) ends the previous one.
// Malformed payloads and non-DTMF event codes are ignored (counted in `ignored`).

import { DtmfError } from './dtmf-error.ts';
import { eventToDigit } from './dtmf-digit.ts';
import { decodeTelephoneEvent } from './telephone-event.ts';

/** What the RTP layer hands over for each packet of the telephone-event payload type. */
export interface TelephoneEventPacket {
  /** RTP timestamp (32-bit, unsigned). */
  timestamp: number;
  marker: boolean;
  payload: Uint8Array;
}

export type TelephoneEventOutput =
  | { type: 'begin'; digit: string; event: number; timestamp: number }
  | { type: 'end'; digit: string; event: number; timestamp: number; duration: number; durationMs: number };

type DecoderState = 'idle' | 'active' | 'segment-ended';

interface Current {
  event: number;
  /** Timestamp of the first segment: the event's identity in reports. */
  firstTimestamp: number;
  /** Timestamp of the segment being received. */
  timestamp: number;
  /** Duration of earlier segments of a long event. */
  priorDuration: number;
  /** Largest duration seen in the current segment. */
  duration: number;
}

/** A segment this long was cut by the 16-bit duration field, not by the key being released. */
const SEGMENT_FULL = 0xffff - 1600;
/** How many finished event timestamps are remembered to swallow late retransmissions. */
const RECENT = 16;
/** Timestamps this far behind the newest event mean the sender restarted its clock. */
const RESTART_GAP = 10 * 8000;

export class TelephoneEventDecoder {
  private state: DecoderState = 'idle';
  private cur: Current | undefined;
  private recent: number[] = [];
  private newest: number | undefined;
  /** Packets dropped as malformed, non-DTMF or stale. */
  ignored = 0;

  constructor(private readonly clockRate = 8000) {}

  process(pkt: TelephoneEventPacket): TelephoneEventOutput[] {
    let ev;
    try {
      ev = decodeTelephoneEvent(pkt.payload);
    } catch (err) {
      if (!(err instanceof DtmfError)) throw err;
      this.ignored++;
      return [];
    }
    if (eventToDigit(ev.event) === undefined) {
      this.ignored++;
      return [];
    }
    const ts = pkt.timestamp >>> 0;
    if (this.isStale(ts)) {
      this.ignored++;
      return [];
    }
    const out: TelephoneEventOutput[] = [];
    switch (this.state) {
      case 'idle':
        this.start(ts, ev.event, 0, out);
        break;
      case 'active':
      case 'segment-ended':
        if (this.cur && ts === this.cur.timestamp && ev.event === this.cur.event) break;
        if (this.cur && this.continuesLongEvent(ts, ev.event)) {
          this.cur.priorDuration += this.cur.duration;
          this.cur.timestamp = ts;
          this.cur.duration = 0;
          this.state = 'active';
          break;
        }
        // A new timestamp while the previous event is open: its end packets were lost.
        this.finish(out);
        this.start(ts, ev.event, 0, out);
        break;
    }
    const cur = this.cur;
    if (!cur) return out;
    cur.duration = Math.max(cur.duration, ev.duration);
    if (ev.end) {
      // §2.5.1.3: a long event is sent in segments; a segment that ends at the 16-bit limit may be
      // followed by the next segment, so its end is held until we know.
      if (cur.duration >= SEGMENT_FULL) this.state = 'segment-ended';
      else this.finish(out);
    }
    return out;
  }

  /** Ends the open event, if any (its end packets never came). */
  flush(): TelephoneEventOutput[] {
    const out: TelephoneEventOutput[] = [];
    if (this.state !== 'idle') this.finish(out);
    return out;
  }

  /** Forgets everything (new SSRC / new stream). */
  reset(): void {
    this.state = 'idle';
    this.cur = undefined;
    this.recent = [];
    this.newest = undefined;
  }

  private start(ts: number, event: number, prior: number, out: TelephoneEventOutput[]): void {
    this.cur = { event, firstTimestamp: ts, timestamp: ts, priorDuration: prior, duration: 0 };
    this.state = 'active';
    this.newest = ts;
    out.push({ type: 'begin', digit: eventToDigit(event) ?? '?', event, timestamp: ts });
  }

  private finish(out: TelephoneEventOutput[]): void {
    const cur = this.cur;
    if (cur) {
      const duration = cur.priorDuration + cur.duration;
      out.push({
        type: 'end',
        digit: eventToDigit(cur.event) ?? '?',
        event: cur.event,
        timestamp: cur.firstTimestamp,
        duration,
        durationMs: Math.round((duration * 1000) / this.clockRate),
      });
      this.remember(cur.timestamp);
    }
    this.cur = undefined;
    this.state = 'idle';
  }

  /** The next segment of a long event starts where the previous one's duration ended. */
  private continuesLongEvent(ts: number, event: number): boolean {
    const cur = this.cur;
    if (!cur || event !== cur.event || cur.duration < SEGMENT_FULL) return false;
    const gap = serialDiff(ts, cur.timestamp);
    return Math.abs(gap - cur.duration) <= 1600;
  }

  /** A finished event's late packet, or a packet from before the newest event. */
  private isStale(ts: number): boolean {
    if (this.recent.includes(ts) && ts !== this.cur?.timestamp) return true;
    if (this.newest === undefined) return false;
    const diff = serialDiff(ts, this.newest);
    if (diff >= 0) return false;
    if (-diff > RESTART_GAP) {
      // The sender's clock jumped backwards (restart without a new SSRC): start afresh.
      this.reset();
      return false;
    }
    return true;
  }

  private remember(ts: number): void {
    this.recent.push(ts);
    if (this.recent.length > RECENT) this.recent.shift();
  }
}

/** a − b in RTP timestamp serial arithmetic (wraps at 2^32), as a signed number. */
function serialDiff(a: number, b: number): number {
  return (((a - b) >>> 0) << 0) | 0;
}
