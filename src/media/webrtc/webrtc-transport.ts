// The transport of one WebRTC leg over the endpoint's RTP socket (rtcp-mux, RFC 5761): what
// arrives is told apart by its first byte (RFC 7983 §7) — STUN to the ICE-lite responder, DTLS to
// the handshake, SRTP/SRTCP unprotected and handed up as plain RTP/RTCP — and what the RTP leg
// sends is protected and goes to the address ICE selected. To the RTP leg above it looks like the
// plain socket pair it replaces (`rtp`, `rtcp`), so relay, plays, DTMF, recording and conferences
// run on a browser's leg unchanged.
import type { DatagramHandler, DatagramSocket } from '../embedded/datagram-io.ts';
import { PeerAddress, formatIpWords } from '../native/peer-address.ts';
import type { DtlsCertificate } from './dtls-certificate.ts';
import { DtlsSrtp, type DtlsRole } from './dtls-srtp.ts';
import { answerBindingRequest, iceToken, type IceCredentials } from './ice-lite.ts';
import type { DtlsSetup, LocalWebRtc, RemoteWebRtc } from './webrtc-sdp.ts';
import type { Werift } from './werift.ts';

export type WebRtcState = 'new' | 'checking' | 'connected' | 'failed' | 'closed';

/** How many checked addresses are kept: a browser's host candidates (one per interface and family). */
const CHECKED_ADDRESSES = 8;

/** One of the two sockets the RTP leg sees: sends go through the protection, receives come from it. */
class ProtectedSocket implements DatagramSocket {
  handler: DatagramHandler | undefined;

  constructor(
    readonly port: number,
    private readonly out: (packet: Buffer) => void,
    private readonly outAndWait: (packet: Buffer) => Promise<void>,
  ) {}

  setHandler(handler: DatagramHandler | undefined): void {
    this.handler = handler;
  }

  send(packet: Buffer, offset: number, length: number): void {
    this.out(offset === 0 && length === packet.length ? packet : packet.subarray(offset, offset + length));
  }

  sendAndWait(packet: Buffer): Promise<void> {
    return this.outAndWait(packet);
  }

  close(): void {
    // The real socket belongs to the endpoint's pair, which closes it.
  }
}

export interface WebRtcTransportEvents {
  /** DTLS failed or the peer's certificate did not match: the leg carries no media. */
  failed(reason: string): void;
}

export class WebRtcTransport {
  readonly local: IceCredentials = { ufrag: iceToken(8), pwd: iceToken(24) };
  readonly rtp: ProtectedSocket;
  readonly rtcp: ProtectedSocket;
  #state: WebRtcState = 'new';
  #remote: RemoteWebRtc | undefined;
  #dtls: DtlsSrtp | undefined;
  /** Where media goes: the address of the nominated check (or the first valid one until then). */
  #selected: { peer: PeerAddress; port: number } | undefined;
  #nominated = false;
  /**
   * Every address whose check we answered (a few): a browser with several host candidates checks
   * from each, and may run DTLS and media over another pair than the first we answered until its
   * nomination arrives; those are taken from any checked address, as RFC 8445 §7.3 lets a lite
   * agent, and sent to the selected one.
   */
  #checked: { peer: PeerAddress; port: number }[] = [];
  /** STUN checks answered, packets dropped for failing authentication or coming from elsewhere. */
  checksAnswered = 0;
  dropped = 0;

  constructor(
    private readonly real: DatagramSocket,
    private readonly w: Werift,
    private readonly cert: DtlsCertificate,
    private readonly events: WebRtcTransportEvents,
  ) {
    this.rtp = new ProtectedSocket(real.port, (p) => this.#sendProtected(p, false), async (p) => this.#sendProtected(p, false));
    this.rtcp = new ProtectedSocket(real.port, (p) => this.#sendProtected(p, true), async (p) => this.#sendProtected(p, true));
    real.setHandler({ onDatagram: (packet, from, at, port) => this.#receive(packet, from, at, port) });
  }

  get state(): WebRtcState {
    return this.#state;
  }

  /** Our side of the SDP: ICE-lite credentials, one host candidate, the certificate's fingerprint. */
  describe(setup: DtlsSetup, address: string, ssrc: number): LocalWebRtc {
    return { ufrag: this.local.ufrag, pwd: this.local.pwd, fingerprint: this.cert.fingerprint, setup, address, port: this.real.port, ssrc };
  }

  /**
   * The browser's ICE credentials and fingerprint, and our DTLS role (RFC 5763 §5: the side that
   * says `active` is the DTLS client). A re-offer with the same fingerprints keeps the session
   * (hold, unhold); new ones start a new handshake.
   */
  setRemote(remote: RemoteWebRtc, role: DtlsRole): void {
    const same = this.#dtls !== undefined && this.#dtls.role === role && sameFingerprints(this.#remote, remote);
    this.#remote = remote;
    if (same || this.#state === 'closed') return;
    this.#dtls?.close();
    this.#dtls = new DtlsSrtp(this.w, this.cert, role, remote.fingerprints, {
      send: (record) => this.#sendRaw(record),
      ready: () => {
        this.#state = 'connected';
      },
      failed: (reason) => {
        this.#state = 'failed';
        this.events.failed(reason);
      },
    });
    if (this.#selected !== undefined) this.#dtls.start();
  }

  #receive(packet: Buffer, from: Int32Array, at: number, port: number): void {
    const first = packet[0] ?? 255;
    if (first < 4) return this.#stun(packet, from, at, port);
    if (!this.#isSelected(from, at, port) && !this.#checked.some((c) => c.port === port && c.peer.equalsAt(from, at))) {
      this.dropped++;
      return;
    }
    // Before the answer there is no session: the browser's repeat of its ClientHello is answered.
    // (Keeping early records and replaying them to the session left browsers with a connected DTLS
    // and no audio in the desk and supervision tests — see the todo in dtls-loss.test.ts.)
    if (first >= 20 && first <= 63) return this.#dtls?.receive(packet);
    if (first < 128 || first > 191) return;
    const dtls = this.#dtls;
    if (dtls === undefined || !dtls.ready) return;
    // RFC 5761 §4: RTCP packet types 192–223 share the port with RTP payload types 0–95.
    const pt = packet[1] ?? 0;
    const rtcp = pt >= 192 && pt <= 223;
    const plain = rtcp ? dtls.unprotectRtcp(packet) : dtls.unprotectRtp(packet);
    if (plain === undefined) {
      this.dropped++;
      return;
    }
    (rtcp ? this.rtcp : this.rtp).handler?.onDatagram(plain, from, at, port);
  }

  #stun(packet: Buffer, from: Int32Array, at: number, port: number): void {
    if (this.#state === 'closed') return;
    const verdict = answerBindingRequest(packet, this.local, formatIpWords(from, at), port);
    if (verdict.kind === 'ignore') {
      this.dropped++;
      return;
    }
    const peer = PeerAddress.fromWords(from, at);
    this.real.send(verdict.response, 0, verdict.response.length, peer, port);
    this.checksAnswered++;
    if (this.#checked.length < CHECKED_ADDRESSES && !this.#checked.some((c) => c.port === port && c.peer.equalsAt(from, at))) this.#checked.push({ peer, port });
    // A lite agent takes the controlling agent's nomination; until one comes, the first valid
    // check's address, so that DTLS can start as soon as the browser does.
    if (this.#selected === undefined || (verdict.nominated && !this.#nominated) || (verdict.nominated && !this.#isSelected(from, at, port))) {
      const first = this.#selected === undefined;
      this.#selected = { peer, port };
      if (verdict.nominated) this.#nominated = true;
      if (this.#state === 'new') this.#state = 'checking';
      if (first) this.#dtls?.start();
    }
  }

  #isSelected(from: Int32Array, at: number, port: number): boolean {
    return this.#selected !== undefined && this.#selected.port === port && this.#selected.peer.equalsAt(from, at);
  }

  #sendProtected(packet: Buffer, rtcp: boolean): void {
    const dtls = this.#dtls;
    if (dtls === undefined || !dtls.ready) return;
    const out = rtcp ? dtls.protectRtcp(packet) : dtls.protectRtp(packet);
    if (out !== undefined) this.#sendRaw(out);
  }

  #sendRaw(packet: Buffer): void {
    const s = this.#selected;
    if (s === undefined || this.#state === 'closed') return;
    this.real.send(packet, 0, packet.length, s.peer, s.port);
  }

  close(): void {
    this.#state = 'closed';
    this.#dtls?.close();
  }
}

function sameFingerprints(a: RemoteWebRtc | undefined, b: RemoteWebRtc): boolean {
  if (a === undefined || a.fingerprints.length !== b.fingerprints.length) return false;
  return a.fingerprints.every((f, i) => f.algorithm === b.fingerprints[i]?.algorithm && f.value === b.fingerprints[i]?.value);
}
