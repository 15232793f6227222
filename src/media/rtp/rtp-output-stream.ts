// One outgoing RTP stream as the far end sees it: our SSRC, one continuous sequence-number and
// timestamp space, whatever feeds it (relayed party, prompt, ringback, conference mix).
//
// RFC 3550 §5.1: "The sequence number increments by one for each RTP data packet sent" and the
// timestamp "MUST be derived from a clock that increments monotonically and linearly in time".
// Phones and carriers drop audio when either jumps, so when the source changes we re-base both
// (continuing from the last packet sent, advanced by the wall time that passed) and set the marker
// bit, which for audio (RFC 3551 §4.1) marks "the first packet after a silence period".

const SEQ_MOD = 0x10000;
const TS_MOD = 0x100000000;

export interface Stamp {
  seq: number;
  ts: number;
  marker: boolean;
}

export interface RtpOutputStreamOptions {
  ssrc: number;
  initialSeq: number;
  initialTs: number;
  /** 8000 for G.711. */
  clockRate: number;
  /** Samples in one packet (160 at 20 ms), the least a new source's first timestamp advances. */
  frameSamples: number;
}

export class RtpOutputStream {
  readonly ssrc: number;
  private source: unknown = undefined;
  private seqOffset = 0;
  private tsOffset = 0;
  private lastSeq: number;
  private lastTs: number;
  private lastAtMs: number | undefined;
  private readonly samplesPerMs: number;
  packets = 0;
  octets = 0;

  constructor(private readonly opts: RtpOutputStreamOptions) {
    this.ssrc = opts.ssrc >>> 0;
    this.lastSeq = (opts.initialSeq - 1 + SEQ_MOD) % SEQ_MOD;
    this.lastTs = opts.initialTs >>> 0;
    this.samplesPerMs = opts.clockRate / 1000;
  }

  /**
   * Maps a packet of `source` (any identity: the relayed leg's SSRC, a play's id) with its own
   * sequence number and timestamp into this stream's space.
   */
  stamp(source: unknown, inSeq: number, inTs: number, inMarker: boolean, nowMs: number): Stamp {
    let marker = inMarker;
    if (source !== this.source) {
      const seq = (this.lastSeq + 1) % SEQ_MOD;
      const elapsed = this.lastAtMs === undefined ? 0 : Math.round((nowMs - this.lastAtMs) * this.samplesPerMs);
      const ts = this.lastAtMs === undefined ? this.lastTs : (this.lastTs + Math.max(elapsed, this.opts.frameSamples)) % TS_MOD;
      this.seqOffset = (seq - inSeq + SEQ_MOD) % SEQ_MOD;
      this.tsOffset = (ts - (inTs >>> 0) + TS_MOD) % TS_MOD;
      this.source = source;
      marker = true;
    }
    const seq = (inSeq + this.seqOffset) % SEQ_MOD;
    const ts = ((inTs >>> 0) + this.tsOffset) % TS_MOD;
    // Track the newest packet only; a late (reordered) one must not pull the stream back.
    const ahead = (seq - this.lastSeq + SEQ_MOD) % SEQ_MOD;
    if (ahead !== 0 && ahead < SEQ_MOD / 2) {
      this.lastSeq = seq;
      this.lastTs = ts;
      this.lastAtMs = nowMs;
    } else if (this.lastAtMs === undefined) {
      this.lastAtMs = nowMs;
    }
    return { seq, ts, marker };
  }

  /** Forgets the current source, so the next packet of any source starts a new segment. */
  resetSource(): void {
    this.source = undefined;
  }

  /** Writes a stamp, our SSRC and the payload type into a raw RTP packet in place. */
  rewrite(buf: Buffer, stamp: Stamp, payloadType: number, byteCount: number): void {
    buf[1] = (stamp.marker ? 0x80 : 0) | (payloadType & 0x7f);
    buf.writeUInt16BE(stamp.seq, 2);
    buf.writeUInt32BE(stamp.ts, 4);
    buf.writeUInt32BE(this.ssrc, 8);
    this.packets++;
    this.octets += byteCount;
  }

  /** RTP timestamp this stream would carry at `nowMs` (for an SR's RTP timestamp, §6.4.1). */
  timestampAt(nowMs: number): number {
    if (this.lastAtMs === undefined) return this.lastTs;
    return (this.lastTs + Math.round((nowMs - this.lastAtMs) * this.samplesPerMs)) % TS_MOD >>> 0;
  }
}
