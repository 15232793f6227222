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
//
// The recorder's way, with no allocation per frame or per drain: G.711 bytes put straight into
// the timeline (`pushG711`), and a `sink` that is handed views of the timeline itself (valid only
// during the call: the sink copies, as WavWriter.write does):
//
//   const al = new ChannelAligner({ channels: 2, startMs, format: 'ulaw', sink: (v) => writer.write(v) });
//   al.pushG711(0, packet, 12, 172, 'ulaw', arrivalMs, timestamp, ssrc);
//   al.drain(clock.now());                                      // → sink
//
// The timeline holds samples in the recording's format (RecordingFormat): 16-bit PCM ('pcm16',
// G.711 decoded on the way in), or µ-law bytes ('ulaw': PCMU payload copied as it is, PCMA mapped
// by table, PCM frames encoded; silence is 0xFF, µ-law's zero) — half the memory and no decode.
//
// The timeline is one interleaved ring (sample frame i of channel c at ((i mod cap)·channels + c)),
// so handing out is at most two contiguous views plus a fill, and each copy in is split at the
// ring's wrap rather than taking a modulo per sample.

import { copyG711Strided, decodeG711Strided, encodeG711Strided, g711DecodeTable, g711TranscodeTable, silenceByte, type G711Law } from '../codec/g711-tables.ts';
import { SAMPLE_RATE } from '../dsp/pcm.ts';
import type { RecordingFormat } from '../wav/wav-header.ts';

/** The interleaved sample array of a format: 16-bit PCM, or µ-law bytes. */
export type SamplesOf<F extends RecordingFormat> = F extends 'ulaw' ? Uint8Array : Int16Array;

export interface FrameMeta {
  /** Local receive time (the clock the aligner's startMs is on). */
  arrivalMs: number;
  /** RTP timestamp of the frame's first sample, when known. */
  timestamp?: number;
  ssrc?: number;
}

export interface ChannelAlignerOptions<F extends RecordingFormat = 'pcm16'> {
  channels: 1 | 2;
  /** What the timeline (and so the sink) holds. Default 'pcm16'. */
  format?: F;
  startMs: number;
  /** Audio is handed out only when this old, so late packets still find their place. Default 200. */
  holdBackMs?: number;
  /** Timestamp vs arrival disagreement that re-anchors a stream. Default 500. */
  resyncMs?: number;
  /** Timeline kept in memory per channel. Default 1000 ms. */
  windowMs?: number;
  /**
   * Receives the interleaved audio as it is handed out, as views that are only valid during the
   * call (copy them). Without a sink, drain() and finish() return copies instead.
   */
  sink?: (interleaved: SamplesOf<F>) => void;
}

interface Anchor {
  pos: number;
  ts: number | undefined;
  ssrc: number | undefined;
  /** Where the next frame goes when it carries no timestamp. */
  next: number;
}

const RATE_PER_MS = SAMPLE_RATE / 1000;
const ULAW_SILENCE = silenceByte('ulaw');
/** Handed to the sink for stretches past the window (never written). */
const SILENCE_PCM16 = new Int16Array(SAMPLE_RATE * 2);
const SILENCE_ULAW = new Uint8Array(SAMPLE_RATE * 2).fill(ULAW_SILENCE);

export class ChannelAligner<F extends RecordingFormat = 'pcm16'> {
  /** Interleaved: sample frame i at (i mod cap) · channels. Exactly one of the two is the timeline. */
  private readonly pcmRing: Int16Array;
  private readonly ulawRing: Uint8Array;
  private readonly ulaw: boolean;
  /** The silence value of a timeline slot (cleared slots hold it). */
  private readonly quiet: number;
  private readonly silence: SamplesOf<F>;
  private readonly cap: number;
  private readonly ch: number;
  private readonly anchors: Array<Anchor | undefined>;
  /** Everything before this sample position has been handed out. */
  private flushed = 0;
  /** Copies handed out while no sink was given, returned by the next drain/finish. */
  private readonly pending: SamplesOf<F>[] = [];
  private readonly sink: (interleaved: SamplesOf<F>) => void;
  private readonly holdBack: number;
  private readonly resync: number;
  /** Frames dropped because they came after their place was handed out. */
  lateDropped = 0;
  /** admit()'s second result: samples to skip at the frame's start (their place was handed out). */
  private skip = 0;

  constructor(private readonly opts: ChannelAlignerOptions<F>) {
    this.cap = Math.round((opts.windowMs ?? 1000) * RATE_PER_MS);
    this.ch = opts.channels;
    this.ulaw = opts.format === 'ulaw';
    this.quiet = this.ulaw ? ULAW_SILENCE : 0;
    this.pcmRing = new Int16Array(this.ulaw ? 0 : this.cap * this.ch);
    this.ulawRing = new Uint8Array(this.ulaw ? this.cap * this.ch : 0).fill(ULAW_SILENCE);
    this.silence = (this.ulaw ? SILENCE_ULAW : SILENCE_PCM16) as SamplesOf<F>;
    this.anchors = Array.from({ length: opts.channels }, () => undefined);
    this.holdBack = Math.round((opts.holdBackMs ?? 200) * RATE_PER_MS);
    this.resync = Math.round((opts.resyncMs ?? 500) * RATE_PER_MS);
    this.sink = opts.sink ?? ((v) => this.pending.push(v.slice() as SamplesOf<F>));
  }

  get format(): RecordingFormat {
    return this.ulaw ? 'ulaw' : 'pcm16';
  }

  /** Sample frames (per channel) handed out so far. */
  get position(): number {
    return this.flushed;
  }

  /** Bytes of sample memory this aligner holds (the ring). */
  get bytes(): number {
    return this.pcmRing.byteLength + this.ulawRing.byteLength;
  }

  /** One frame of 16-bit PCM (encoded to µ-law on the way in when the timeline is µ-law). */
  push(channel: 0 | 1, frame: Int16Array, meta: FrameMeta): void {
    let pos = this.admit(channel, frame.length, meta.arrivalMs, meta.timestamp, meta.ssrc);
    if (pos < 0) return;
    const ch = this.ch;
    let i = this.skip;
    while (i < frame.length) {
      const slot = pos % this.cap;
      const run = Math.min(frame.length - i, this.cap - slot);
      if (this.ulaw) {
        encodeG711Strided('ulaw', frame, i, i + run, this.ulawRing, slot * ch + channel, ch);
        i += run;
      } else {
        const ring = this.pcmRing;
        for (let o = slot * ch + channel, e = i + run; i < e; i++, o += ch) ring[o] = frame[i] as number;
      }
      pos += run;
    }
  }

  /**
   * One frame of G.711 bytes `src[start, end)` of `law`, straight into the timeline: decoded for
   * 'pcm16'; for 'ulaw' copied as they are (PCMU) or mapped by table (PCMA).
   */
  pushG711(channel: 0 | 1, src: Uint8Array, start: number, end: number, law: G711Law, arrivalMs: number, timestamp: number, ssrc: number): void {
    let pos = this.admit(channel, end - start, arrivalMs, timestamp, ssrc);
    if (pos < 0) return;
    let from = start + this.skip;
    const ulaw = this.ulaw;
    const decode = ulaw ? undefined : g711DecodeTable(law);
    const transcode = ulaw ? g711TranscodeTable(law, 'ulaw') : undefined;
    while (from < end) {
      const slot = pos % this.cap;
      const run = Math.min(end - from, this.cap - slot);
      const at = slot * this.ch + channel;
      if (decode) decodeG711Strided(decode, src, from, from + run, this.pcmRing, at, this.ch);
      else copyG711Strided(transcode, src, from, from + run, this.ulawRing, at, this.ch);
      from += run;
      pos += run;
    }
  }

  /** Interleaved audio complete up to `nowMs − holdBackMs`: to the sink, or returned without one. */
  drain(nowMs: number): SamplesOf<F> {
    this.handOut(Math.floor((nowMs - this.opts.startMs) * RATE_PER_MS) - this.holdBack);
    return this.collect();
  }

  /** Everything up to `endMs` (the recording's end), holding nothing back. */
  finish(endMs: number): SamplesOf<F> {
    this.handOut(Math.floor((endMs - this.opts.startMs) * RATE_PER_MS));
    return this.collect();
  }

  /**
   * Places a frame of `length` samples: returns the timeline position of its first sample to
   * write (this.skip says how many at its start are late and skipped), or −1 when all of it is late.
   * Makes room first when the frame ends beyond the window (nobody drained for a while).
   */
  private admit(channel: number, length: number, arrivalMs: number, timestamp: number | undefined, ssrc: number | undefined): number {
    if (channel >= this.ch) return -1;
    const pos = this.place(channel, length, arrivalMs, timestamp, ssrc);
    let skip = 0;
    if (pos < this.flushed) {
      skip = this.flushed - pos;
      if (skip >= length) {
        this.lateDropped++;
        return -1;
      }
    }
    const end = pos + length;
    if (end > this.flushed + this.cap) this.handOut(end - this.cap);
    this.skip = skip;
    return pos + skip;
  }

  private collect(): SamplesOf<F> {
    const parts = this.pending;
    const empty = this.silence.subarray(0, 0) as SamplesOf<F>;
    if (parts.length === 0) return empty;
    if (parts.length === 1) return parts.pop() ?? empty;
    const n = parts.reduce((sum, p) => sum + p.length, 0);
    const out = (this.ulaw ? new Uint8Array(n) : new Int16Array(n)) as SamplesOf<F>;
    let o = 0;
    for (const p of parts.splice(0)) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }

  /** Hands [flushed, upTo) to the sink as views of the ring (then cleared), silence past the window. */
  private handOut(upTo: number): void {
    const frames = upTo - this.flushed;
    if (frames <= 0) return;
    const ch = this.ch;
    const ring = (this.ulaw ? this.ulawRing : this.pcmRing) as SamplesOf<F>;
    let left = Math.min(frames, this.cap);
    let slot = this.flushed % this.cap;
    while (left > 0) {
      const run = Math.min(left, this.cap - slot);
      const a = slot * ch;
      const b = a + run * ch;
      this.sink(ring.subarray(a, b) as SamplesOf<F>);
      ring.fill(this.quiet, a, b);
      left -= run;
      slot = 0;
    }
    // Past the window (frames > cap) every slot was already handed out and cleared: silence.
    const silence = this.silence;
    let silent = (frames - Math.min(frames, this.cap)) * ch;
    while (silent > 0) {
      const n = Math.min(silent, silence.length - (silence.length % ch));
      this.sink(silence.subarray(0, n) as SamplesOf<F>);
      silent -= n;
    }
    this.flushed = upTo;
  }

  /** Timeline position of the frame's first sample. */
  private place(channel: number, length: number, arrivalMs: number, timestamp: number | undefined, ssrc: number | undefined): number {
    const arrivalPos = Math.round((arrivalMs - this.opts.startMs) * RATE_PER_MS) - length;
    const a = this.anchors[channel];
    let pos: number;
    if (a && a.ssrc === ssrc && timestamp !== undefined && a.ts !== undefined) {
      pos = a.pos + serialDiff(timestamp >>> 0, a.ts);
    } else if (a && a.ssrc === ssrc && timestamp === undefined && a.ts === undefined) {
      pos = a.next;
    } else {
      pos = NaN;
    }
    if (!Number.isFinite(pos) || Math.abs(pos - arrivalPos) > this.resync) {
      pos = Math.max(0, arrivalPos);
      this.anchors[channel] = { pos, ts: timestamp === undefined ? undefined : timestamp >>> 0, ssrc, next: pos };
    }
    const anchor = this.anchors[channel];
    if (anchor) anchor.next = pos + length;
    return pos;
  }
}

function serialDiff(a: number, b: number): number {
  return ((a - b) >>> 0) | 0;
}
