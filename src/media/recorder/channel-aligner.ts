// The recorder's pure core: places each side's received 20 ms frames on one timeline (sample
// positions at 8 kHz from the recording's start) and hands out interleaved audio as it becomes
// complete, silence wherever a side sent nothing (hold, lost packets, not talking with VAD).
//
// Where a frame goes: by its RTP timestamp relative to an anchor (so jitter in arrival does not
// smear audio), the anchor set from the arrival time of the stream's first packet and set again
// when the SSRC changes or the timestamp disagrees with arrival by more than `resyncMs` (a sender
// that restarted or jumped). Without a timestamp, frames follow each other, re-placed by arrival
// when they stray. Audio older than what was already handed out is dropped (late beyond hold-back).
//
//   const al = new ChannelAligner({ channels: 2, startMs: clock.now() });
//   al.push(0, callerFrame, { arrivalMs, timestamp, ssrc });   // caller → left
//   al.push(1, calleeFrame, { arrivalMs, timestamp, ssrc });   // answering side → right
//   writer.write(al.drain(clock.now()));                        // complete up to now − holdBackMs
//   writer.write(al.finish(clock.now()));                       // the rest, up to the end time

import { SAMPLE_RATE } from '../dsp/pcm.ts';

export interface FrameMeta {
  /** Local receive time (the clock the aligner's startMs is on). */
  arrivalMs: number;
  /** RTP timestamp of the frame's first sample, when known. */
  timestamp?: number;
  ssrc?: number;
}

export interface ChannelAlignerOptions {
  channels: 1 | 2;
  startMs: number;
  /** Audio is handed out only when this old, so late packets still find their place. Default 200. */
  holdBackMs?: number;
  /** Timestamp vs arrival disagreement that re-anchors a stream. Default 500. */
  resyncMs?: number;
  /** Timeline kept in memory per channel. Default 1000 ms. */
  windowMs?: number;
}

interface Anchor {
  pos: number;
  ts: number | undefined;
  ssrc: number | undefined;
  /** Where the next frame goes when it carries no timestamp. */
  next: number;
}

const RATE_PER_MS = SAMPLE_RATE / 1000;

export class ChannelAligner {
  private readonly rings: Int16Array[];
  private readonly cap: number;
  private readonly anchors: Array<Anchor | undefined>;
  /** Everything before this sample position has been handed out. */
  private flushed = 0;
  private readonly pending: Int16Array[] = [];
  private readonly holdBack: number;
  private readonly resync: number;
  /** Frames dropped because they came after their place was handed out. */
  lateDropped = 0;

  constructor(private readonly opts: ChannelAlignerOptions) {
    this.cap = Math.round((opts.windowMs ?? 1000) * RATE_PER_MS);
    this.rings = Array.from({ length: opts.channels }, () => new Int16Array(this.cap));
    this.anchors = Array.from({ length: opts.channels }, () => undefined);
    this.holdBack = Math.round((opts.holdBackMs ?? 200) * RATE_PER_MS);
    this.resync = Math.round((opts.resyncMs ?? 500) * RATE_PER_MS);
  }

  /** Sample frames (per channel) handed out so far. */
  get position(): number {
    return this.flushed;
  }

  push(channel: 0 | 1, frame: Int16Array, meta: FrameMeta): void {
    if (channel >= this.opts.channels) return;
    const pos = this.place(channel, frame.length, meta);
    let from = 0;
    if (pos < this.flushed) {
      from = this.flushed - pos;
      if (from >= frame.length) {
        this.lateDropped++;
        return;
      }
    }
    const end = pos + frame.length;
    // Beyond the window: hand out the oldest audio now (nobody drained for a while).
    if (end > this.flushed + this.cap) this.pending.push(this.take(end - this.cap));
    const ring = this.rings[channel];
    if (!ring) return;
    for (let i = from; i < frame.length; i++) ring[(pos + i) % this.cap] = frame[i] ?? 0;
  }

  /** Interleaved audio complete up to `nowMs − holdBackMs`. */
  drain(nowMs: number): Int16Array {
    const upTo = Math.floor((nowMs - this.opts.startMs) * RATE_PER_MS) - this.holdBack;
    return this.collect(upTo);
  }

  /** Everything up to `endMs` (the recording's end), holding nothing back. */
  finish(endMs: number): Int16Array {
    return this.collect(Math.floor((endMs - this.opts.startMs) * RATE_PER_MS));
  }

  private collect(upTo: number): Int16Array {
    const parts = this.pending.splice(0);
    if (upTo > this.flushed) parts.push(this.take(upTo));
    if (parts.length === 1) return parts[0] ?? new Int16Array(0);
    const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }

  /** Hands out [flushed, upTo) interleaved, clearing the ring behind it. */
  private take(upTo: number): Int16Array {
    const frames = Math.max(0, upTo - this.flushed);
    const ch = this.opts.channels;
    const out = new Int16Array(frames * ch);
    for (let i = 0; i < frames; i++) {
      const idx = (this.flushed + i) % this.cap;
      for (let c = 0; c < ch; c++) {
        const ring = this.rings[c];
        if (!ring) continue;
        // Past the window (i ≥ cap) the ring slots were already read and cleared: silence.
        out[i * ch + c] = ring[idx] ?? 0;
        ring[idx] = 0;
      }
    }
    this.flushed += frames;
    return out;
  }

  /** Timeline position of the frame's first sample. */
  private place(channel: number, length: number, meta: FrameMeta): number {
    const arrivalPos = Math.round((meta.arrivalMs - this.opts.startMs) * RATE_PER_MS) - length;
    const a = this.anchors[channel];
    let pos: number;
    if (a && a.ssrc === meta.ssrc && meta.timestamp !== undefined && a.ts !== undefined) {
      pos = a.pos + serialDiff(meta.timestamp >>> 0, a.ts);
    } else if (a && a.ssrc === meta.ssrc && meta.timestamp === undefined && a.ts === undefined) {
      pos = a.next;
    } else {
      pos = NaN;
    }
    if (!Number.isFinite(pos) || Math.abs(pos - arrivalPos) > this.resync) {
      pos = Math.max(0, arrivalPos);
      this.anchors[channel] = { pos, ts: meta.timestamp === undefined ? undefined : meta.timestamp >>> 0, ssrc: meta.ssrc, next: pos };
    }
    const anchor = this.anchors[channel];
    if (anchor) anchor.next = pos + length;
    return pos;
  }
}

function serialDiff(a: number, b: number): number {
  return ((a - b) >>> 0) | 0;
}
