// RTCP sender and receiver reports (RFC 3550 §6.4), SDES CNAME (§6.5) and BYE (§6.6), build and
// parse, as compound packets (§6.1).
//
// SR (§6.4.1); an RR (§6.4.2, PT=201) is the same without the sender info:
//         0                   1                   2                   3
//         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// header |V=2|P|    RC   |   PT=SR=200   |             length            |
//        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//        |                         SSRC of sender                        |
//        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
// sender |              NTP timestamp, most significant word             |
// info   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//        |             NTP timestamp, least significant word             |
//        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//        |                         RTP timestamp                         |
//        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//        |                     sender's packet count                     |
//        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//        |                      sender's octet count                     |
//        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
// report |                 SSRC_1 (SSRC of first source)                 |
// block  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   1    | fraction lost |       cumulative number of packets lost       |
//        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//        |           extended highest sequence number received           |
//        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//        |                      interarrival jitter                      |
//        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//        |                         last SR (LSR)                         |
//        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//        |                   delay since last SR (DLSR)                  |
//        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+

export const RTCP_SR = 200;
export const RTCP_RR = 201;
export const RTCP_SDES = 202;
export const RTCP_BYE = 203;

export interface ReportBlock {
  ssrc: number;
  /** Fraction lost since the previous report, as the 8-bit fixed-point value (0..255 = 0..255/256). */
  fractionLost: number;
  /** Signed 24-bit cumulative count. */
  cumulativeLost: number;
  extendedHighestSeq: number;
  /** Interarrival jitter in timestamp units. */
  jitter: number;
  lastSr: number;
  delaySinceLastSr: number;
}

export interface SenderInfo {
  ntpSeconds: number;
  ntpFraction: number;
  rtpTimestamp: number;
  packetCount: number;
  octetCount: number;
}

export type RtcpPacket =
  | { type: 'sr'; ssrc: number; sender: SenderInfo; reports: ReportBlock[] }
  | { type: 'rr'; ssrc: number; reports: ReportBlock[] }
  | { type: 'sdes'; chunks: { ssrc: number; cname?: string }[] }
  | { type: 'bye'; ssrcs: number[]; reason?: string }
  | { type: 'other'; packetType: number; body: Buffer };

export class RtcpParseError extends Error {
  override readonly name = 'RtcpParseError';
}

/** Builds one compound packet from its parts (§6.1: the first must be an SR or RR). */
export function serializeRtcp(packets: RtcpPacket[]): Buffer {
  return Buffer.concat(packets.map(serializeOne));
}

function header(count: number, packetType: number, totalLen: number): Buffer {
  const buf = Buffer.alloc(totalLen);
  buf[0] = 0x80 | (count & 0x1f);
  buf[1] = packetType;
  // §6.4.1 "length: 16 bits The length of this RTCP packet in 32-bit words minus one"
  buf.writeUInt16BE(totalLen / 4 - 1, 2);
  return buf;
}

function writeReport(buf: Buffer, at: number, r: ReportBlock): void {
  buf.writeUInt32BE(r.ssrc >>> 0, at);
  buf[at + 4] = r.fractionLost & 0xff;
  buf.writeIntBE(Math.max(-0x800000, Math.min(0x7fffff, r.cumulativeLost)), at + 5, 3);
  buf.writeUInt32BE(r.extendedHighestSeq >>> 0, at + 8);
  buf.writeUInt32BE(r.jitter >>> 0, at + 12);
  buf.writeUInt32BE(r.lastSr >>> 0, at + 16);
  buf.writeUInt32BE(r.delaySinceLastSr >>> 0, at + 20);
}

function serializeOne(p: RtcpPacket): Buffer {
  switch (p.type) {
    case 'sr': {
      const buf = header(p.reports.length, RTCP_SR, 28 + 24 * p.reports.length);
      buf.writeUInt32BE(p.ssrc >>> 0, 4);
      buf.writeUInt32BE(p.sender.ntpSeconds >>> 0, 8);
      buf.writeUInt32BE(p.sender.ntpFraction >>> 0, 12);
      buf.writeUInt32BE(p.sender.rtpTimestamp >>> 0, 16);
      buf.writeUInt32BE(p.sender.packetCount >>> 0, 20);
      buf.writeUInt32BE(p.sender.octetCount >>> 0, 24);
      p.reports.forEach((r, i) => writeReport(buf, 28 + 24 * i, r));
      return buf;
    }
    case 'rr': {
      const buf = header(p.reports.length, RTCP_RR, 8 + 24 * p.reports.length);
      buf.writeUInt32BE(p.ssrc >>> 0, 4);
      p.reports.forEach((r, i) => writeReport(buf, 8 + 24 * i, r));
      return buf;
    }
    case 'sdes':
      return serializeSdes(p.chunks);
    case 'bye': {
      const reason = p.reason ? Buffer.from(p.reason, 'utf8').subarray(0, 255) : undefined;
      const raw = 4 + 4 * p.ssrcs.length + (reason ? 1 + reason.length : 0);
      const buf = header(p.ssrcs.length, RTCP_BYE, Math.ceil(raw / 4) * 4);
      p.ssrcs.forEach((s, i) => buf.writeUInt32BE(s >>> 0, 4 + 4 * i));
      if (reason) {
        buf[4 + 4 * p.ssrcs.length] = reason.length;
        reason.copy(buf, 5 + 4 * p.ssrcs.length);
      }
      return buf;
    }
    case 'other': {
      const buf = header(0, p.packetType, 4 + Math.ceil(p.body.length / 4) * 4);
      p.body.copy(buf, 4);
      return buf;
    }
  }
}

function serializeSdes(chunks: { ssrc: number; cname?: string }[]): Buffer {
  const parts = chunks.map((c) => {
    const cname = c.cname !== undefined ? Buffer.from(c.cname, 'utf8').subarray(0, 255) : undefined;
    // §6.5: items, then a null octet ending the list, padded to a 32-bit boundary.
    const raw = 4 + (cname ? 2 + cname.length : 0) + 1;
    const chunk = Buffer.alloc(Math.ceil(raw / 4) * 4);
    chunk.writeUInt32BE(c.ssrc >>> 0, 0);
    if (cname) {
      chunk[4] = 1; // CNAME
      chunk[5] = cname.length;
      cname.copy(chunk, 6);
    }
    return chunk;
  });
  const body = Buffer.concat(parts);
  const buf = header(chunks.length, RTCP_SDES, 4 + body.length);
  body.copy(buf, 4);
  return buf;
}

/** Parses a compound RTCP packet into its parts. Throws RtcpParseError on malformed input. */
export function parseRtcp(buf: Buffer): RtcpPacket[] {
  const out: RtcpPacket[] = [];
  let at = 0;
  while (at < buf.length) {
    if (buf.length - at < 4) throw new RtcpParseError('truncated RTCP header');
    const b0 = buf[at] ?? 0;
    if (b0 >> 6 !== 2) throw new RtcpParseError(`RTCP version ${b0 >> 6}`);
    const count = b0 & 0x1f;
    const packetType = buf[at + 1] ?? 0;
    const len = (buf.readUInt16BE(at + 2) + 1) * 4;
    if (at + len > buf.length) throw new RtcpParseError('RTCP length runs past the datagram');
    let end = at + len;
    if (b0 & 0x20) end -= buf[end - 1] ?? 0;
    if (end < at + 4) throw new RtcpParseError('bad RTCP padding');
    out.push(parseOne(buf.subarray(at, end), count, packetType));
    at += len;
  }
  if (out.length === 0) throw new RtcpParseError('empty RTCP packet');
  return out;
}

function readReports(p: Buffer, at: number, count: number): ReportBlock[] {
  if (p.length < at + 24 * count) throw new RtcpParseError('report blocks run past the packet');
  const reports: ReportBlock[] = [];
  for (let i = 0; i < count; i++) {
    const o = at + 24 * i;
    reports.push({
      ssrc: p.readUInt32BE(o),
      fractionLost: p[o + 4] ?? 0,
      cumulativeLost: p.readIntBE(o + 5, 3),
      extendedHighestSeq: p.readUInt32BE(o + 8),
      jitter: p.readUInt32BE(o + 12),
      lastSr: p.readUInt32BE(o + 16),
      delaySinceLastSr: p.readUInt32BE(o + 20),
    });
  }
  return reports;
}

function parseOne(p: Buffer, count: number, packetType: number): RtcpPacket {
  switch (packetType) {
    case RTCP_SR: {
      if (p.length < 28) throw new RtcpParseError('SR shorter than its sender info');
      const sender: SenderInfo = {
        ntpSeconds: p.readUInt32BE(8),
        ntpFraction: p.readUInt32BE(12),
        rtpTimestamp: p.readUInt32BE(16),
        packetCount: p.readUInt32BE(20),
        octetCount: p.readUInt32BE(24),
      };
      return { type: 'sr', ssrc: p.readUInt32BE(4), sender, reports: readReports(p, 28, count) };
    }
    case RTCP_RR:
      if (p.length < 8) throw new RtcpParseError('RR shorter than its header');
      return { type: 'rr', ssrc: p.readUInt32BE(4), reports: readReports(p, 8, count) };
    case RTCP_SDES:
      return { type: 'sdes', chunks: parseSdes(p, count) };
    case RTCP_BYE: {
      if (p.length < 4 + 4 * count) throw new RtcpParseError('BYE SSRC list runs past the packet');
      const ssrcs: number[] = [];
      for (let i = 0; i < count; i++) ssrcs.push(p.readUInt32BE(4 + 4 * i));
      const r = 4 + 4 * count;
      if (p.length > r) {
        const n = p[r] ?? 0;
        if (r + 1 + n > p.length) throw new RtcpParseError('BYE reason runs past the packet');
        return { type: 'bye', ssrcs, reason: p.subarray(r + 1, r + 1 + n).toString('utf8') };
      }
      return { type: 'bye', ssrcs };
    }
    default:
      return { type: 'other', packetType, body: Buffer.from(p.subarray(4)) };
  }
}

function parseSdes(p: Buffer, count: number): { ssrc: number; cname?: string }[] {
  const chunks: { ssrc: number; cname?: string }[] = [];
  let at = 4;
  for (let i = 0; i < count; i++) {
    if (p.length < at + 4) throw new RtcpParseError('SDES chunk runs past the packet');
    const chunk: { ssrc: number; cname?: string } = { ssrc: p.readUInt32BE(at) };
    at += 4;
    while (at < p.length && p[at] !== 0) {
      const type = p[at] ?? 0;
      const len = p[at + 1] ?? 0;
      if (at + 2 + len > p.length) throw new RtcpParseError('SDES item runs past the packet');
      if (type === 1) chunk.cname = p.subarray(at + 2, at + 2 + len).toString('utf8');
      at += 2 + len;
    }
    // The null item ends the list; the chunk is padded to the next 32-bit boundary.
    at = Math.ceil((at + 1) / 4) * 4;
    chunks.push(chunk);
  }
  return chunks;
}
