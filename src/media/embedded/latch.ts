// Symmetric-RTP latching: the far end's real address is learned from its first packets, but only
// from an expected IP — the one its SDP named (c=), or the IP its SIP signalling came from (a
// phone behind NAT names its private address in SDP but sends from its public one, as SBCs
// assume) — so a stranger who guesses our port cannot take the stream. The port may differ
// (NAT rewrites ports). Once latched, packets from any other source are dropped and counted.
// Sources are compared in binary (PeerAddress words, IPv4 as IPv4-mapped IPv6): no string is
// made per packet, only once when a source is latched.

import { ADDRESS_WORDS, PeerAddress, writeIpWords } from '../native/peer-address.ts';

export type LatchState = 'unknown' | 'expecting' | 'latched';

export type LatchVerdict = 'accept' | 'latched-now' | 'drop';

export class Latch {
  private state: LatchState = 'unknown';
  /** The SDP's address; undefined when it named a host name (then only signalling latches). */
  private expectedIp: PeerAddress | undefined;
  private expectedText: string | undefined;
  private expectedPort: number | undefined;
  private signallingIp: PeerAddress | undefined;
  /** The latched source. */
  peer: PeerAddress | undefined;
  port: number | undefined;
  dropped = 0;
  private readonly scratch = new Int32Array(ADDRESS_WORDS);
  /** A transport below already authenticated every packet (WebRTC: ICE checks and SRTP): latch on whatever it hands up. */
  private anySource = false;

  get current(): LatchState {
    return this.state;
  }

  /** The latched source's IP as text (stats, events). */
  get address(): string | undefined {
    return this.peer?.text;
  }

  /**
   * Sets the address the SDP named. A new IP or port forgets the old latch: a re-INVITE moved the
   * stream, and the far end's new source must be learned again.
   */
  expect(ip: string, port: number): void {
    if (this.anySource) return;
    const parsed = PeerAddress.parse(ip);
    // RFC 3264 §8.4 hold: the stream stays where it was
    if (parsed?.unspecified) return;
    const text = parsed?.text ?? ip.toLowerCase();
    if (text === this.expectedText && port === this.expectedPort) return;
    this.expectedIp = parsed;
    this.expectedText = text;
    this.expectedPort = port;
    this.state = 'expecting';
    this.peer = undefined;
    this.port = undefined;
  }

  /**
   * Every source is taken, and a new one replaces the old: the transport below (a WebRTC leg's
   * ICE and SRTP) has authenticated each packet and moves the stream when ICE selects another path.
   */
  acceptAnySource(): void {
    this.anySource = true;
    this.state = 'expecting';
  }

  /** The IP the leg's SIP came from: also trusted for latching (NAT). */
  trustSignallingAddress(ip: string): void {
    this.signallingIp = PeerAddress.parse(ip);
  }

  /** A source given as text (tests, tools); the receive path uses checkWords. */
  check(ip: string, port: number): LatchVerdict {
    if (!writeIpWords(ip, this.scratch, 0)) {
      this.dropped++;
      return 'drop';
    }
    return this.checkWords(this.scratch, 0, port);
  }

  /** The verdict on a packet from `from[at..at+4)`:`port`. */
  checkWords(from: Int32Array, at: number, port: number): LatchVerdict {
    if (this.anySource && !(this.state === 'latched' && port === this.port && this.peer?.equalsAt(from, at))) {
      this.state = 'latched';
      this.peer = PeerAddress.fromWords(from, at);
      this.port = port;
      return 'latched-now';
    }
    if (this.state === 'latched') {
      if (port === this.port && this.peer?.equalsAt(from, at)) return 'accept';
      this.dropped++;
      return 'drop';
    }
    if (this.state === 'expecting' && (this.expectedIp?.equalsAt(from, at) || this.signallingIp?.equalsAt(from, at))) {
      this.state = 'latched';
      this.peer = PeerAddress.fromWords(from, at);
      this.port = port;
      return 'latched-now';
    }
    this.dropped++;
    return 'drop';
  }
}
