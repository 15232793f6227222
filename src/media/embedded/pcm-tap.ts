// Where an endpoint hands the audio it receives (the far end's voice) to consumers that need it:
// recorders and conferences. Relay alone never decodes.
//
// A tap either takes decoded PCM (`onPcm`) or, cheaper, the G.711 bytes with their law
// (`onG711`), so it can keep them as they are or decode straight into its own storage (the
// recorder's ring) without an intermediate frame. PcmTapSet decodes to PCM once per packet only when a tap (or the
// endpoint's in-band DTMF detector) needs it, and allocates nothing per packet.
//
//   const taps = new PcmTapSet();            // the endpoint's; addTap/removeTap are its PcmTapHost
//   const pcm = taps.deliver(packet, start, end, 'ulaw', now, ts, ssrc, wantPcm);

import { decodeG711Strided, g711DecodeTable, type G711Law } from '../codec/g711-tables.ts';

export interface PcmMeta {
  /** Receive time on the engine's clock. */
  arrivalMs: number;
  /** RTP timestamp of the first sample and the sender's SSRC (the recorder aligns by them). */
  timestamp: number;
  ssrc: number;
}

export interface PcmTap {
  /** `pcm` and `meta` are reused by the endpoint after the call returns: copy what must be kept. */
  onPcm(pcm: Int16Array, meta: PcmMeta): void;
  /**
   * When present, called instead of onPcm: the frame is `bytes[start, end)` of `law`
   * (g711DecodeTable(law) decodes them). The bytes belong to the receive buffer: read them during
   * the call only.
   */
  onG711?(bytes: Uint8Array, start: number, end: number, law: G711Law, arrivalMs: number, timestamp: number, ssrc: number): void;
}

export interface PcmTapHost {
  addTap(tap: PcmTap): void;
  removeTap(tap: PcmTap): void;
}

export class PcmTapSet implements PcmTapHost {
  /** An array, not a Set: iterated per packet, changed per call. Replaced on change, so a tap removed during delivery is harmless. */
  private taps: readonly PcmTap[] = [];
  private pcmTaps = 0;
  private pcm = new Int16Array(160);
  private readonly meta: PcmMeta = { arrivalMs: 0, timestamp: 0, ssrc: 0 };

  get size(): number {
    return this.taps.length;
  }

  addTap(tap: PcmTap): void {
    if (this.taps.includes(tap)) return;
    this.taps = [...this.taps, tap];
    if (!tap.onG711) this.pcmTaps++;
  }

  removeTap(tap: PcmTap): void {
    if (!this.taps.includes(tap)) return;
    this.taps = this.taps.filter((t) => t !== tap);
    if (!tap.onG711) this.pcmTaps--;
  }

  /**
   * Hands one received G.711 frame (`packet[start, end)`) to every tap. Returns the decoded PCM
   * when a PCM tap or `wantPcm` asked for it (valid until the next call), else undefined.
   */
  deliver(packet: Uint8Array, start: number, end: number, law: G711Law, arrivalMs: number, timestamp: number, ssrc: number, wantPcm = false): Int16Array | undefined {
    let pcm: Int16Array | undefined;
    if (wantPcm || this.pcmTaps > 0) {
      if (this.pcm.length !== end - start) this.pcm = new Int16Array(end - start);
      pcm = this.pcm;
      decodeG711Strided(g711DecodeTable(law), packet, start, end, pcm, 0, 1);
    }
    const taps = this.taps;
    for (let i = 0; i < taps.length; i++) {
      const tap = taps[i] as PcmTap;
      if (tap.onG711) {
        tap.onG711(packet, start, end, law, arrivalMs, timestamp, ssrc);
      } else if (pcm) {
        this.meta.arrivalMs = arrivalMs;
        this.meta.timestamp = timestamp;
        this.meta.ssrc = ssrc;
        tap.onPcm(pcm, this.meta);
      }
    }
    return pcm;
  }
}
