// The ICE-lite side of RFC 8445 (§2.5, §7.3 for a lite agent): we gather one host candidate (our
// RTP port), never send a check and never contact a STUN server; the browser (full agent, always
// controlling) checks us with STUN Binding requests (RFC 5389) carrying USERNAME
// "ourUfrag:theirUfrag" and MESSAGE-INTEGRITY keyed by our password. We answer each valid one with
// XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY and FINGERPRINT, and the address of a request that carries
// USE-CANDIDATE (nomination) becomes where media goes.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { crc32 } from 'node:zlib';

const MAGIC_COOKIE = 0x2112a442;
const HEADER = 20;
const BINDING_REQUEST = 0x0001;
const BINDING_SUCCESS = 0x0101;
const ATTR_USERNAME = 0x0006;
const ATTR_MESSAGE_INTEGRITY = 0x0008;
const ATTR_XOR_MAPPED_ADDRESS = 0x0020;
const ATTR_USE_CANDIDATE = 0x0025;
const ATTR_FINGERPRINT = 0x8028;
const FINGERPRINT_XOR = 0x5354554e;
const ICE_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** RFC 8839 §5.4: ice-char is ALPHA / DIGIT / "+" / "/"; ufrag ≥ 4 and pwd ≥ 22 characters. */
export function iceToken(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += ICE_CHARS[b & 63];
  return out;
}

export interface IceCredentials {
  ufrag: string;
  pwd: string;
}

export type StunVerdict =
  /** Not a Binding request of ours (another method, a response, a stranger's USERNAME, bad integrity): dropped. */
  | { kind: 'ignore' }
  | { kind: 'answer'; response: Buffer; nominated: boolean };

/** RFC 7983 §7: the first byte 0–3 is STUN. */
export function isStun(packet: Buffer): boolean {
  return packet.length >= HEADER && (packet[0] ?? 255) < 4 && packet.readUInt32BE(4) === MAGIC_COOKIE;
}

/**
 * Judges one STUN packet addressed to us. `address`/`port` are its source: they go back in
 * XOR-MAPPED-ADDRESS. Never throws on input.
 */
export function answerBindingRequest(packet: Buffer, local: IceCredentials, address: string, port: number): StunVerdict {
  if (!isStun(packet) || packet.readUInt16BE(0) !== BINDING_REQUEST) return { kind: 'ignore' };
  const length = packet.readUInt16BE(2);
  if (HEADER + length > packet.length || length % 4 !== 0) return { kind: 'ignore' };
  let username: string | undefined;
  let integrityAt: number | undefined;
  let nominated = false;
  for (let at = HEADER; at + 4 <= HEADER + length; ) {
    const type = packet.readUInt16BE(at);
    const len = packet.readUInt16BE(at + 2);
    const value = at + 4;
    if (value + len > HEADER + length) return { kind: 'ignore' };
    // RFC 5389 §15.4: attributes after MESSAGE-INTEGRITY (but FINGERPRINT) are ignored.
    if (integrityAt === undefined) {
      if (type === ATTR_USERNAME) username = packet.toString('utf8', value, value + len);
      else if (type === ATTR_USE_CANDIDATE) nominated = true;
      else if (type === ATTR_MESSAGE_INTEGRITY && len === 20) integrityAt = at;
    }
    at = value + ((len + 3) & ~3);
  }
  if (username === undefined || integrityAt === undefined || !username.startsWith(`${local.ufrag}:`)) return { kind: 'ignore' };
  // §15.4: the HMAC covers the message up to MESSAGE-INTEGRITY, with the header's length counting
  // up to and including it.
  const signed = Buffer.from(packet.subarray(0, integrityAt));
  signed.writeUInt16BE(integrityAt + 24 - HEADER, 2);
  const expected = createHmac('sha1', local.pwd).update(signed).digest();
  const got = packet.subarray(integrityAt + 4, integrityAt + 24);
  if (!timingSafeEqual(expected, got)) return { kind: 'ignore' };
  return { kind: 'answer', response: bindingSuccess(packet.subarray(8, 20), local.pwd, address, port), nominated };
}

function bindingSuccess(transactionId: Buffer, pwd: string, address: string, port: number): Buffer {
  const mapped = xorMappedAddress(transactionId, address, port);
  const size = HEADER + 4 + mapped.length + 24 + 8;
  const out = Buffer.alloc(size);
  out.writeUInt16BE(BINDING_SUCCESS, 0);
  out.writeUInt32BE(MAGIC_COOKIE, 4);
  transactionId.copy(out, 8);
  let at = HEADER;
  out.writeUInt16BE(ATTR_XOR_MAPPED_ADDRESS, at);
  out.writeUInt16BE(mapped.length, at + 2);
  mapped.copy(out, at + 4);
  at += 4 + mapped.length;
  out.writeUInt16BE(at + 24 - HEADER, 2);
  const hmac = createHmac('sha1', pwd).update(out.subarray(0, at)).digest();
  out.writeUInt16BE(ATTR_MESSAGE_INTEGRITY, at);
  out.writeUInt16BE(20, at + 2);
  hmac.copy(out, at + 4);
  at += 24;
  out.writeUInt16BE(at + 8 - HEADER, 2);
  const fp = (crc32(out.subarray(0, at)) ^ FINGERPRINT_XOR) >>> 0;
  out.writeUInt16BE(ATTR_FINGERPRINT, at);
  out.writeUInt16BE(4, at + 2);
  out.writeUInt32BE(fp, at + 4);
  return out;
}

/** RFC 5389 §15.2: the port XORed with the cookie's top half, the address with the cookie (and the transaction id for IPv6). */
function xorMappedAddress(transactionId: Buffer, address: string, port: number): Buffer {
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address);
  const family = v4 ? 1 : 2;
  const raw = v4 ? Buffer.from(v4.slice(1).map(Number)) : ipv6Bytes(address);
  const key = Buffer.alloc(16);
  key.writeUInt32BE(MAGIC_COOKIE, 0);
  transactionId.copy(key, 4);
  const out = Buffer.alloc(4 + raw.length);
  out[1] = family;
  out.writeUInt16BE((port ^ (MAGIC_COOKIE >>> 16)) & 0xffff, 2);
  for (let i = 0; i < raw.length; i++) out[4 + i] = (raw[i] ?? 0) ^ (key[i] ?? 0);
  return out;
}

function ipv6Bytes(address: string): Buffer {
  const [head = '', tail = ''] = address.split('::');
  const h = head === '' ? [] : head.split(':');
  const t = tail === '' ? [] : tail.split(':');
  const groups = address.includes('::') ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t] : h;
  const out = Buffer.alloc(16);
  groups.slice(0, 8).forEach((g, i) => out.writeUInt16BE(parseInt(g, 16) & 0xffff, i * 2));
  return out;
}
