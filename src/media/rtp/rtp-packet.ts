// RTP fixed header codec (RFC 3550 §5.1), with CSRC list, header extension (§5.3.1) and padding.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |V=2|P|X|  CC   |M|     PT      |       sequence number         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                           timestamp                           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |           synchronization source (SSRC) identifier            |
// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
// |            contributing source (CSRC) identifiers             |
// |                             ....                              |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Header extension (§5.3.1), present when X=1:
// |      defined by profile       |           length              |
// |                        header extension                       |

export const RTP_VERSION = 2;
export const RTP_FIXED_HEADER = 12;

export interface RtpHeaderExtension {
  profile: number;
  /** Extension body; a multiple of 4 bytes (its length field counts 32-bit words). */
  data: Buffer;
}

export interface RtpPacket {
  marker: boolean;
  payloadType: number;
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
  csrcs: number[];
  extension?: RtpHeaderExtension;
  payload: Buffer;
  /** Padding octets at the end, the count included (0 = no padding, P=0). */
  paddingLength: number;
}

export class RtpParseError extends Error {
  override readonly name = 'RtpParseError';
}

/** Parses one RTP packet. Throws RtpParseError on anything RFC 3550 §5.1 does not allow. */
export function parseRtp(buf: Buffer): RtpPacket {
  if (buf.length < RTP_FIXED_HEADER) throw new RtpParseError(`packet of ${buf.length} bytes is shorter than the fixed header`);
  const b0 = buf[0] ?? 0;
  const b1 = buf[1] ?? 0;
  // §5.1 "version (V): 2 bits ... The version defined by this specification is two (2)."
  if (b0 >> 6 !== RTP_VERSION) throw new RtpParseError(`RTP version ${b0 >> 6}`);
  const padding = (b0 & 0x20) !== 0;
  const hasExtension = (b0 & 0x10) !== 0;
  const cc = b0 & 0x0f;
  let offset = RTP_FIXED_HEADER + cc * 4;
  if (buf.length < offset) throw new RtpParseError('CSRC list runs past the packet');
  const csrcs: number[] = [];
  for (let i = 0; i < cc; i++) csrcs.push(buf.readUInt32BE(RTP_FIXED_HEADER + i * 4));
  let extension: RtpHeaderExtension | undefined;
  if (hasExtension) {
    if (buf.length < offset + 4) throw new RtpParseError('extension header runs past the packet');
    const profile = buf.readUInt16BE(offset);
    const words = buf.readUInt16BE(offset + 2);
    const end = offset + 4 + words * 4;
    if (buf.length < end) throw new RtpParseError('extension body runs past the packet');
    extension = { profile, data: Buffer.from(buf.subarray(offset + 4, end)) };
    offset = end;
  }
  let paddingLength = 0;
  if (padding) {
    // §5.1 "The last octet of the padding contains a count of how many padding octets should be
    // ignored, including itself."
    paddingLength = buf[buf.length - 1] ?? 0;
    if (paddingLength === 0 || offset + paddingLength > buf.length) throw new RtpParseError(`bad padding count ${paddingLength}`);
  }
  const packet: RtpPacket = {
    marker: (b1 & 0x80) !== 0,
    payloadType: b1 & 0x7f,
    sequenceNumber: buf.readUInt16BE(2),
    timestamp: buf.readUInt32BE(4),
    ssrc: buf.readUInt32BE(8),
    csrcs,
    payload: Buffer.from(buf.subarray(offset, buf.length - paddingLength)),
    paddingLength,
  };
  if (extension) packet.extension = extension;
  return packet;
}

/** Serialises a packet; the inverse of parseRtp for every packet parseRtp accepts. */
export function serializeRtp(p: RtpPacket): Buffer {
  if (p.csrcs.length > 15) throw new RangeError('at most 15 CSRCs (CC is 4 bits)');
  if (p.extension && p.extension.data.length % 4 !== 0) throw new RangeError('extension body must be a multiple of 4 bytes');
  if (p.paddingLength < 0 || p.paddingLength > 255) throw new RangeError('padding length must be 0..255');
  const extLen = p.extension ? 4 + p.extension.data.length : 0;
  const headerLen = RTP_FIXED_HEADER + p.csrcs.length * 4 + extLen;
  const buf = Buffer.alloc(headerLen + p.payload.length + p.paddingLength);
  buf[0] = (RTP_VERSION << 6) | (p.paddingLength > 0 ? 0x20 : 0) | (p.extension ? 0x10 : 0) | p.csrcs.length;
  buf[1] = (p.marker ? 0x80 : 0) | (p.payloadType & 0x7f);
  buf.writeUInt16BE(p.sequenceNumber & 0xffff, 2);
  buf.writeUInt32BE(p.timestamp >>> 0, 4);
  buf.writeUInt32BE(p.ssrc >>> 0, 8);
  let offset = RTP_FIXED_HEADER;
  for (const csrc of p.csrcs) {
    buf.writeUInt32BE(csrc >>> 0, offset);
    offset += 4;
  }
  if (p.extension) {
    buf.writeUInt16BE(p.extension.profile, offset);
    buf.writeUInt16BE(p.extension.data.length / 4, offset + 2);
    p.extension.data.copy(buf, offset + 4);
    offset += extLen;
  }
  p.payload.copy(buf, offset);
  if (p.paddingLength > 0) buf[buf.length - 1] = p.paddingLength;
  return buf;
}

/**
 * Where the payload starts and ends in a raw packet, without copying (the relay's hot path).
 * Returns undefined when the packet is not valid RTP.
 */
export function rtpPayloadBounds(buf: Buffer): { start: number; end: number } | undefined {
  if (buf.length < RTP_FIXED_HEADER) return undefined;
  const b0 = buf[0] ?? 0;
  if (b0 >> 6 !== RTP_VERSION) return undefined;
  let start = RTP_FIXED_HEADER + (b0 & 0x0f) * 4;
  if (b0 & 0x10) {
    if (buf.length < start + 4) return undefined;
    start += 4 + buf.readUInt16BE(start + 2) * 4;
  }
  let end = buf.length;
  if (b0 & 0x20) end -= buf[buf.length - 1] ?? 0;
  if (end < start) return undefined;
  return { start, end };
}

/**
 * RFC 5761 §4: RTP and RTCP share the second byte's range; RTCP packet types 192-223 would be
 * RTP payload types 64-95 with the marker set. Used to tell RTCP from RTP on one port.
 */
export function looksLikeRtcp(buf: Buffer): boolean {
  const pt = buf[1] ?? 0;
  return pt >= 192 && pt <= 223;
}
