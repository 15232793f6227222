// Symmetric-RTP latching: the far end's real address is learned from its first packets, but only
// from an expected IP — the one its SDP named (c=), or the IP its SIP signalling came from (a
// phone behind NAT names its private address in SDP but sends from its public one, as SBCs
// assume) — so a stranger who guesses our port cannot take the stream. The port may differ
// (NAT rewrites ports). Once latched, packets from any other source are dropped and counted.

export type LatchState = 'unknown' | 'expecting' | 'latched';

export type LatchVerdict = 'accept' | 'latched-now' | 'drop';

export class Latch {
  private state: LatchState = 'unknown';
  private expectedIp: string | undefined;
  private expectedPort: number | undefined;
  private signallingIp: string | undefined;
  address: string | undefined;
  port: number | undefined;
  dropped = 0;

  get current(): LatchState {
    return this.state;
  }

  /**
   * Sets the address the SDP named. A new IP or port forgets the old latch: a re-INVITE moved the
   * stream, and the far end's new source must be learned again.
   */
  expect(ip: string, port: number): void {
    if (ip === '0.0.0.0' || ip === '::') return; // RFC 3264 §8.4 hold: the stream stays where it was
    const normal = normaliseIp(ip);
    if (normal === this.expectedIp && port === this.expectedPort) return;
    this.expectedIp = normal;
    this.expectedPort = port;
    this.state = 'expecting';
    this.address = undefined;
    this.port = undefined;
  }

  /** The IP the leg's SIP came from: also trusted for latching (NAT). */
  trustSignallingAddress(ip: string): void {
    this.signallingIp = normaliseIp(ip);
  }

  check(ip: string, port: number): LatchVerdict {
    if (this.state === 'latched') {
      if (port === this.port && ip === this.address) return 'accept';
      this.dropped++;
      return 'drop';
    }
    const from = normaliseIp(ip);
    if (this.state === 'expecting' && (from === this.expectedIp || from === this.signallingIp)) {
      this.state = 'latched';
      this.address = ip;
      this.port = port;
      return 'latched-now';
    }
    this.dropped++;
    return 'drop';
  }
}

/** IPv4-mapped IPv6 (`::ffff:1.2.3.4`) compares equal to its IPv4 form. */
function normaliseIp(ip: string): string {
  const lower = ip.toLowerCase();
  return lower.startsWith('::ffff:') && lower.includes('.') ? lower.slice(7) : lower;
}
