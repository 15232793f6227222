// The RTP side of one endpoint: its socket pair, latching, reception statistics, the outgoing
// stream (one SSRC, continuous numbering) and RTCP reports. It moves packets; what they mean
// (relay, DTMF, recording) is the endpoint's business, told through RtpLegDelegate.

import { lookup } from 'node:dns';
import { encodeG711, transcodeG711InPlace, type G711Law } from '../codec/g711-tables.ts';
import type { AudioCodecName, EndpointStats } from '../media-engine-options.ts';
import { parseRtcp, serializeRtcp, RtcpParseError, type RtcpPacket } from '../rtp/rtcp-packet.ts';
import { RtpOutputStream } from '../rtp/rtp-output-stream.ts';
import { RTP_FIXED_HEADER, rtpPayloadBounds } from '../rtp/rtp-packet.ts';
import { RtpReceiverStats } from '../rtp/rtp-receiver-stats.ts';
import { receives, sends, type NegotiatedAudio } from '../sdp/negotiated-audio.ts';
import { PeerAddress } from '../native/peer-address.ts';
import { Latch } from './latch.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { RtpSocketPair } from './rtp-socket-pair.ts';
import type { DatagramSocket } from './datagram-io.ts';

export interface RtpLegDelegate {
  /** An audio packet of the negotiated codec from the latched source. */
  onAudio(packet: Buffer, start: number, end: number, ssrc: number, seq: number, ts: number, marker: boolean): void;
  /** A telephone-event packet (RFC 4733) from the latched source. */
  onTelephoneEvent(packet: Buffer, start: number, end: number, ssrc: number, seq: number, ts: number, marker: boolean): void;
  onLatched(address: string, port: number): void;
}

export type RelayKind = 'audio' | 'telephone-event';

const NTP_UNIX_OFFSET = 2208988800;

export function lawOf(codec: AudioCodecName): G711Law {
  return codec === 'PCMU' ? 'ulaw' : 'alaw';
}

export class RtpLeg {
  audio: NegotiatedAudio | undefined;
  readonly out: RtpOutputStream;
  private readonly latch = new Latch();
  private readonly rtcpLatch = new Latch();
  private rx: RtpReceiverStats | undefined;
  private rxSsrc: number | undefined;
  private lostBefore = 0;
  packetsIn = 0;
  bytesIn = 0;
  otherPayloadDropped = 0;
  lastRxAtMs: number;
  private remoteReport: EndpointStats['remoteReport'];
  /** The SDP's c= address in binary, parsed once per offer/answer (undefined: hold or a host name). */
  private sdpPeer: PeerAddress | undefined;
  /** Where RTP and RTCP go out and come in: the pair's own sockets, or a WebRTC leg's protected ones. */
  private io: { rtp: DatagramSocket; rtcp: DatagramSocket };

  constructor(
    private readonly sockets: RtpSocketPair,
    private readonly clock: Clock,
    private readonly delegate: RtpLegDelegate,
    private readonly cname: string,
  ) {
    this.out = new RtpOutputStream({
      ssrc: (Math.random() * 0x100000000) >>> 0,
      initialSeq: Math.floor(Math.random() * 0x10000),
      initialTs: (Math.random() * 0x100000000) >>> 0,
      clockRate: 8000,
      frameSamples: 160,
    });
    this.lastRxAtMs = clock.now();
    this.io = sockets;
    sockets.rtp.setHandler({ onDatagram: (msg, from, at, port) => this.onRtp(msg, from, at, port) });
    sockets.rtcp.setHandler({ onDatagram: (msg, from, at, port) => this.onRtcp(msg, from, at, port) });
  }

  /**
   * A WebRTC leg: RTP and RTCP go through `secure` (DTLS-SRTP over the RTP socket, rtcp-mux), which
   * takes over the RTP socket; the RTCP port is left unused. Latching takes what it hands up.
   */
  secureWith(secure: (rtpSocket: DatagramSocket) => { rtp: DatagramSocket; rtcp: DatagramSocket }): void {
    this.sockets.rtcp.setHandler(undefined);
    this.io = secure(this.sockets.rtp);
    this.io.rtp.setHandler({ onDatagram: (msg, from, at, port) => this.onRtp(msg, from, at, port) });
    this.io.rtcp.setHandler({ onDatagram: (msg, from, at, port) => this.onRtcp(msg, from, at, port) });
    this.latch.acceptAnySource();
    this.rtcpLatch.acceptAnySource();
  }

  get port(): number {
    return this.sockets.port;
  }

  /** The RTP socket itself (a WebRTC transport takes it over). */
  get rtpSocket(): DatagramSocket {
    return this.sockets.rtp;
  }

  /** The IP the leg's SIP came from, trusted for latching besides the SDP's (NAT). */
  trustSignallingAddress(ip: string): void {
    this.latch.trustSignallingAddress(ip);
    this.rtcpLatch.trustSignallingAddress(ip);
  }

  setAudio(audio: NegotiatedAudio): void {
    this.audio = audio;
    const peer = PeerAddress.parse(audio.remoteAddress);
    this.sdpPeer = peer && !peer.unspecified ? peer : undefined;
    if (!peer) this.resolveSdpHost(audio);
    this.latch.expect(audio.remoteAddress, audio.remotePort);
    this.rtcpLatch.expect(audio.remoteAddress, audio.remoteRtcpPort);
  }

  /**
   * RFC 4566 §5.7 allows a host name in c=: resolved once per offer/answer (not per send, as
   * node:dgram did); until the answer comes, and if it fails, RTP waits for the far end to latch.
   */
  private resolveSdpHost(audio: NegotiatedAudio): void {
    lookup(audio.remoteAddress, { all: true }, (err, addresses) => {
      if (err || this.audio !== audio) return;
      // Our sockets are IPv4 unless the engine binds IPv6: an IPv4 answer first.
      const pick = addresses.find((a) => a.family === 4) ?? addresses[0];
      const resolved = pick ? PeerAddress.parse(pick.address) : undefined;
      if (resolved && !resolved.unspecified) this.sdpPeer = resolved;
    });
  }

  /** `msg` is valid during this call only (the native arena is reused): taps and the relay use it at once. */
  private onRtp(msg: Buffer, from: Int32Array, at: number, port: number): void {
    // §5.1: anything shorter than the fixed header or of another version is not RTP.
    if (msg.length < RTP_FIXED_HEADER || (msg[0] ?? 0) >> 6 !== 2) return;
    const verdict = this.latch.checkWords(from, at, port);
    if (verdict === 'drop') return;
    if (verdict === 'latched-now') this.delegate.onLatched(this.latch.address ?? '', port);
    const now = this.clock.now();
    this.lastRxAtMs = now;
    this.packetsIn++;
    this.bytesIn += msg.length;
    const audio = this.audio;
    if (!audio || !receives(audio.direction)) return;
    const pt = (msg[1] ?? 0) & 0x7f;
    const isAudio = pt === audio.payloadType;
    if (!isAudio && !audio.recvTelephoneEventPts.includes(pt)) {
      this.otherPayloadDropped++;
      return;
    }
    const bounds = rtpPayloadBounds(msg);
    if (!bounds) return;
    const seq = msg.readUInt16BE(2);
    const ts = msg.readUInt32BE(4);
    const ssrc = msg.readUInt32BE(8);
    this.account(ssrc, seq, ts, now, isAudio);
    const marker = ((msg[1] ?? 0) & 0x80) !== 0;
    if (isAudio) this.delegate.onAudio(msg, bounds.start, bounds.end, ssrc, seq, ts, marker);
    else this.delegate.onTelephoneEvent(msg, bounds.start, bounds.end, ssrc, seq, ts, marker);
  }

  private account(ssrc: number, seq: number, ts: number, now: number, isAudio: boolean): void {
    if (ssrc !== this.rxSsrc || !this.rx) {
      // A new SSRC is a new source (RFC 3550 §8): fresh sequence state, loss so far kept.
      if (this.rx) this.lostBefore += Math.max(0, this.rx.cumulativeLost);
      this.rx = new RtpReceiverStats(8000);
      this.rxSsrc = ssrc;
    }
    // Telephone-event packets repeat their timestamp (RFC 4733 §2.5.1.2): no jitter sample.
    this.rx.onPacket(seq, ts, isAudio ? now : undefined);
  }

  /** Sends a packet received on another leg; rewrites header (and payload when codecs differ) in place. */
  sendRelayed(pkt: Buffer, start: number, end: number, kind: RelayKind, from: AudioCodecName, source: unknown, seq: number, ts: number, marker: boolean): void {
    const audio = this.audio;
    if (!audio || !sends(audio.direction)) return;
    let pt: number;
    if (kind === 'audio') {
      if (from !== audio.codec) transcodeG711InPlace(lawOf(from), lawOf(audio.codec), pkt, start, end);
      pt = audio.payloadType;
    } else {
      if (audio.sendTelephoneEventPt === undefined) return;
      pt = audio.sendTelephoneEventPt;
    }
    const stamp = this.out.stamp(source, seq, ts, marker, this.clock.now());
    this.out.rewrite(pkt, stamp, pt, end - start);
    this.sendRaw(pkt);
  }

  /** Encodes one PCM frame (play, conference mix, in-band DTMF) and sends it. */
  sendFrame(pcm: Int16Array, source: unknown, index: number): void {
    const audio = this.audio;
    if (!audio || !sends(audio.direction)) return;
    const pkt = Buffer.allocUnsafe(RTP_FIXED_HEADER + pcm.length);
    pkt[0] = 0x80;
    encodeG711(lawOf(audio.codec), pcm, pkt.subarray(RTP_FIXED_HEADER));
    const stamp = this.out.stamp(source, index & 0xffff, (index * pcm.length) >>> 0, false, this.clock.now());
    this.out.rewrite(pkt, stamp, audio.payloadType, pcm.length);
    this.sendRaw(pkt);
  }

  /** Sends one RFC 4733 packet of an event we generate. Returns false when the far end has no PT. */
  sendTelephoneEvent(payload: Buffer, source: unknown, index: number, tsOffset: number, marker: boolean): boolean {
    const audio = this.audio;
    if (!audio || audio.sendTelephoneEventPt === undefined) return false;
    if (!sends(audio.direction)) return true;
    const pkt = Buffer.allocUnsafe(RTP_FIXED_HEADER + payload.length);
    pkt[0] = 0x80;
    payload.copy(pkt, RTP_FIXED_HEADER);
    const stamp = this.out.stamp(source, index & 0xffff, tsOffset >>> 0, marker, this.clock.now());
    this.out.rewrite(pkt, stamp, audio.sendTelephoneEventPt, payload.length);
    this.sendRaw(pkt);
    return true;
  }

  private sendRaw(pkt: Buffer): void {
    const latched = this.latch.peer;
    if (latched !== undefined && this.latch.port !== undefined) {
      this.io.rtp.send(pkt, 0, pkt.length, latched, this.latch.port);
      return;
    }
    const a = this.audio;
    if (!this.sdpPeer || !a || a.remotePort === 0) return;
    this.io.rtp.send(pkt, 0, pkt.length, this.sdpPeer, a.remotePort);
  }

  /** Where RTP goes: the latched source once known, else what the SDP said. */
  destination(): { address: string; port: number } | undefined {
    if (this.latch.address !== undefined && this.latch.port !== undefined) return { address: this.latch.address, port: this.latch.port };
    const a = this.audio;
    if (!a || a.remoteAddress === '0.0.0.0' || a.remoteAddress === '::' || a.remotePort === 0) return undefined;
    return { address: a.remoteAddress, port: a.remotePort };
  }

  private onRtcp(msg: Buffer, from: Int32Array, at: number, port: number): void {
    if (this.rtcpLatch.checkWords(from, at, port) === 'drop') return;
    let packets: RtcpPacket[];
    try {
      packets = parseRtcp(msg);
    } catch (err) {
      if (err instanceof RtcpParseError) return; // malformed RTCP changes nothing
      throw err;
    }
    const now = this.clock.now();
    for (const p of packets) {
      if (p.type === 'sr') this.rx?.onSenderReport(p.sender.ntpSeconds, p.sender.ntpFraction, now);
      if (p.type !== 'sr' && p.type !== 'rr') continue;
      const mine = p.reports.find((r) => r.ssrc === this.out.ssrc);
      if (mine) this.remoteReport = { fractionLost: mine.fractionLost / 256, cumulativeLost: mine.cumulativeLost, jitterMs: mine.jitter / 8 };
    }
  }

  /** Sends an SR (when we sent since the last report) or RR, with SDES CNAME (RFC 3550 §6.1). */
  sendReport(wallMs: number, bye = false): Promise<void> {
    const audio = this.audio;
    if (!audio) return Promise.resolve();
    const now = this.clock.now();
    const reports = this.rx && this.rxSsrc !== undefined ? [this.rx.reportBlock(this.rxSsrc, now)] : [];
    const first: RtcpPacket =
      this.out.packets > 0
        ? {
            type: 'sr',
            ssrc: this.out.ssrc,
            sender: {
              ntpSeconds: Math.floor(wallMs / 1000) + NTP_UNIX_OFFSET,
              ntpFraction: Math.floor(((wallMs % 1000) / 1000) * 0x100000000) >>> 0,
              rtpTimestamp: this.out.timestampAt(now),
              packetCount: this.out.packets,
              octetCount: this.out.octets,
            },
            reports,
          }
        : { type: 'rr', ssrc: this.out.ssrc, reports };
    const parts: RtcpPacket[] = [first, { type: 'sdes', chunks: [{ ssrc: this.out.ssrc, cname: this.cname }] }];
    // §6.6: "the BYE packet indicates that one or more sources are no longer active"; it goes last
    // in a compound packet that still starts with a report.
    if (bye) parts.push({ type: 'bye', ssrcs: [this.out.ssrc] });
    const pkt = serializeRtcp(parts);
    const dest = this.rtcpDestination();
    if (!dest) return Promise.resolve();
    // Resolves once the datagram has left (closing the socket earlier would cancel it).
    return this.io.rtcp.sendAndWait(pkt, dest.peer, dest.port);
  }

  private rtcpDestination(): { peer: PeerAddress; port: number } | undefined {
    if (this.rtcpLatch.peer !== undefined && this.rtcpLatch.port !== undefined) return { peer: this.rtcpLatch.peer, port: this.rtcpLatch.port };
    const a = this.audio;
    const peer = this.latch.peer ?? this.sdpPeer;
    if (!a || !peer || (this.latch.peer === undefined && a.remotePort === 0)) return undefined;
    // Behind NAT (latched port differs from the SDP's) RTCP follows the latched RTP port + 1;
    // otherwise the SDP's (a=rtcp, RFC 3605, or RTP + 1).
    const natted = this.latch.port !== undefined && this.latch.port !== a.remotePort;
    return { peer, port: natted ? (this.latch.port ?? 0) + 1 : a.remoteRtcpPort };
  }

  stats(): EndpointStats {
    const s: EndpointStats = {
      packetsIn: this.packetsIn,
      packetsOut: this.out.packets,
      bytesIn: this.bytesIn,
      bytesOut: this.out.octets,
      lost: this.lostBefore + Math.max(0, this.rx?.cumulativeLost ?? 0),
      jitterMs: this.rx?.jitterMs ?? 0,
      foreignDropped: this.latch.dropped,
    };
    if (this.latch.address !== undefined && this.latch.port !== undefined) s.latched = { address: this.latch.address, port: this.latch.port };
    if (this.audio) s.codec = this.audio.codec;
    if (this.remoteReport) s.remoteReport = this.remoteReport;
    return s;
  }

  close(): void {
    this.sockets.close();
  }
}
