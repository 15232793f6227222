// Per-source reception statistics: sequence tracking (RFC 3550 A.1), loss (A.3) and interarrival
// jitter (§6.4.1, A.8). Pure: the caller gives each packet's arrival time.

import type { ReportBlock } from './rtcp-packet.ts';

const RTP_SEQ_MOD = 1 << 16;
const MAX_DROPOUT = 3000;
const MAX_MISORDER = 100;

export type SeqVerdict = 'in-order' | 'duplicate-or-reordered' | 'jump';

export class RtpReceiverStats {
  private started = false;
  private baseSeq = 0;
  private maxSeq = 0;
  private badSeq = RTP_SEQ_MOD + 1;
  private cycles = 0;
  private received = 0;
  private receivedPrior = 0;
  private expectedPrior = 0;
  private lastTransit: number | undefined;
  private jitter = 0;
  /** Middle 32 bits of the last SR's NTP time, and when it arrived (ms), for LSR/DLSR. */
  private lastSr: { ntpMiddle: number; atMs: number } | undefined;

  constructor(private readonly clockRate: number) {}

  /**
   * Accounts one packet. A.1 starts a source on probation; we do not, because the engine only
   * counts packets from the latched source, which it already trusts. `arrivalMs` undefined: count
   * the packet but take no jitter sample (telephone-event packets repeat their timestamp).
   */
  onPacket(seq: number, rtpTimestamp: number, arrivalMs: number | undefined): SeqVerdict {
    if (!this.started) {
      this.initSeq(seq);
      this.started = true;
      this.received = 1;
      this.updateJitter(rtpTimestamp, arrivalMs);
      return 'in-order';
    }
    const udelta = (seq - this.maxSeq + RTP_SEQ_MOD) % RTP_SEQ_MOD;
    let verdict: SeqVerdict = 'in-order';
    if (udelta === 0) {
      // A duplicate of the newest packet: A.1 counts it received (so `lost` may go negative).
      verdict = 'duplicate-or-reordered';
    } else if (udelta < MAX_DROPOUT) {
      // A.1 "in order, with permissible gap"
      if (seq < this.maxSeq) this.cycles += RTP_SEQ_MOD;
      this.maxSeq = seq;
    } else if (udelta <= RTP_SEQ_MOD - MAX_MISORDER) {
      // A.1 "the sequence number made a very large jump": two sequential packets restart the count.
      if (seq === this.badSeq) {
        this.initSeq(seq);
        this.lastTransit = undefined;
        verdict = 'jump';
      } else {
        this.badSeq = (seq + 1) & (RTP_SEQ_MOD - 1);
        return 'jump';
      }
    } else {
      verdict = 'duplicate-or-reordered';
    }
    this.received++;
    if (verdict !== 'duplicate-or-reordered') this.updateJitter(rtpTimestamp, arrivalMs);
    return verdict;
  }

  private initSeq(seq: number): void {
    this.baseSeq = seq;
    this.maxSeq = seq;
    this.badSeq = RTP_SEQ_MOD + 1;
    this.cycles = 0;
    this.received = 0;
    this.receivedPrior = 0;
    this.expectedPrior = 0;
  }

  // A.8: "int transit = arrival - r->ts; int d = transit - s->transit; s->transit = transit;
  // if (d < 0) d = -d; s->jitter += (1./16.) * ((double)d - s->jitter);"
  private updateJitter(rtpTimestamp: number, arrivalMs: number | undefined): void {
    if (arrivalMs === undefined) return;
    const arrival = (arrivalMs * this.clockRate) / 1000;
    const transit = arrival - rtpTimestamp;
    if (this.lastTransit !== undefined) {
      let d = transit - this.lastTransit;
      // The RTP timestamp is 32-bit; a wrap between two packets must not look like a huge jump.
      if (d > 2 ** 31) d -= 2 ** 32;
      if (d < -(2 ** 31)) d += 2 ** 32;
      this.jitter += (Math.abs(d) - this.jitter) / 16;
    }
    this.lastTransit = transit;
  }

  get packetsReceived(): number {
    return this.received;
  }

  get extendedMax(): number {
    return this.cycles + this.maxSeq;
  }

  /** A.3 "expected = extended_max - s->base_seq + 1; lost = expected - s->received". */
  get cumulativeLost(): number {
    if (!this.started) return 0;
    return this.extendedMax - this.baseSeq + 1 - this.received;
  }

  get jitterTimestampUnits(): number {
    return this.jitter;
  }

  get jitterMs(): number {
    return (this.jitter * 1000) / this.clockRate;
  }

  /** Remembers an SR's NTP time for the LSR/DLSR fields of our next report (§6.4.1). */
  onSenderReport(ntpSeconds: number, ntpFraction: number, arrivalMs: number): void {
    this.lastSr = { ntpMiddle: ((ntpSeconds & 0xffff) << 16) | (ntpFraction >>> 16), atMs: arrivalMs };
  }

  /** A report block for `ssrc`; advances the interval counters of the fraction lost (A.3). */
  reportBlock(ssrc: number, nowMs: number): ReportBlock {
    const expected = this.started ? this.extendedMax - this.baseSeq + 1 : 0;
    const expectedInterval = expected - this.expectedPrior;
    this.expectedPrior = expected;
    const receivedInterval = this.received - this.receivedPrior;
    this.receivedPrior = this.received;
    const lostInterval = expectedInterval - receivedInterval;
    // A.3 "if (expected_interval == 0 || lost_interval <= 0) fraction = 0;
    //      else fraction = (lost_interval << 8) / expected_interval;"
    const fractionLost = expectedInterval === 0 || lostInterval <= 0 ? 0 : Math.floor((lostInterval * 256) / expectedInterval);
    const dlsrUnits = this.lastSr ? Math.round(((nowMs - this.lastSr.atMs) * 65536) / 1000) : 0;
    return {
      ssrc,
      fractionLost: Math.min(255, fractionLost),
      cumulativeLost: this.cumulativeLost,
      extendedHighestSeq: this.extendedMax >>> 0,
      jitter: Math.round(this.jitter) >>> 0,
      lastSr: this.lastSr ? this.lastSr.ntpMiddle >>> 0 : 0,
      delaySinceLastSr: dlsrUnits >>> 0,
    };
  }
}
