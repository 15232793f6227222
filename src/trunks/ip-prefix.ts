/**
 * IP addresses and CIDR prefixes as numbers, for the trunk allow-list. IPv4 lives in its own
 * 32-bit space; an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`, RFC 4291 §2.5.5.2) is the IPv4
 * address it carries, because dual-stack sockets report IPv4 peers that way.
 */
import { isIPv4, isIPv6 } from 'node:net';

export type IpFamily = 4 | 6;

export interface IpAddress {
  readonly family: IpFamily;
  /** The address as an unsigned integer of 32 (IPv4) or 128 (IPv6) bits. */
  readonly value: bigint;
}

export interface IpPrefix extends IpAddress {
  /** Number of leading bits that must match (0–32 or 0–128). */
  readonly length: number;
}

const MAPPED_PREFIX = 0xffffn << 32n;
const MAPPED_MASK = ~0xffffffffn & ((1n << 128n) - 1n);

function ipv4Value(text: string): bigint {
  let value = 0n;
  for (const part of text.split('.')) value = (value << 8n) | BigInt(Number(part));
  return value;
}

/** Expands RFC 4291 §2.2 text forms (`::` compression, embedded dotted IPv4) to 128 bits. */
function ipv6Value(text: string): bigint {
  let body = text;
  let tail: bigint[] = [];
  const lastColon = body.lastIndexOf(':');
  if (body.includes('.', lastColon)) {
    const v4 = ipv4Value(body.slice(lastColon + 1));
    tail = [v4 >> 16n, v4 & 0xffffn];
    body = body.slice(0, lastColon + 1);
  }
  const [headText = '', restText] = body.split('::');
  const toGroups = (s: string): bigint[] => s.split(':').filter((g) => g !== '').map((g) => BigInt(`0x${g}`));
  const head = toGroups(headText);
  const rest = restText === undefined ? [] : toGroups(restText);
  const missing = 8 - head.length - rest.length - tail.length;
  const groups = [...head, ...new Array<bigint>(restText === undefined ? 0 : missing).fill(0n), ...rest, ...tail];
  let value = 0n;
  for (const g of groups) value = (value << 16n) | g;
  return value;
}

/** Parses a bare IP address (IPv6 may carry brackets or a zone id); undefined when invalid. */
export function parseIpAddress(input: string): IpAddress | undefined {
  let text = input.trim();
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  if (isIPv4(text)) return { family: 4, value: ipv4Value(text) };
  if (!isIPv6(text)) return undefined;
  const value = ipv6Value(text.toLowerCase());
  if ((value & MAPPED_MASK) === MAPPED_PREFIX) return { family: 4, value: value & 0xffffffffn };
  return { family: 6, value };
}

/**
 * Parses `address` or `address/length`. A mapped IPv6 prefix of length ≥ 96 becomes the IPv4
 * prefix it covers. Host bits beyond the prefix are refused, so a typo cannot widen the list.
 */
export function parseIpPrefix(input: string): IpPrefix | undefined {
  const slash = input.indexOf('/');
  const addressText = slash < 0 ? input : input.slice(0, slash);
  const lengthText = slash < 0 ? undefined : input.slice(slash + 1).trim();
  if (lengthText !== undefined && !/^[0-9]{1,3}$/.test(lengthText)) return undefined;
  const rawMapped = slash >= 0 && isIPv6(addressText.trim()) && parseIpAddress(addressText)?.family === 4;
  const address = parseIpAddress(addressText);
  if (address === undefined) return undefined;
  const bits = address.family === 4 ? 32 : 128;
  let length = lengthText === undefined ? bits : Number(lengthText);
  if (rawMapped) {
    if (length < 96) return undefined;
    length -= 96;
  }
  if (length > bits) return undefined;
  const hostBits = BigInt(bits - length);
  if (((address.value >> hostBits) << hostBits) !== address.value) return undefined;
  return { ...address, length };
}

/** True when `address` lies inside `prefix` (families must agree). */
export function prefixContains(prefix: IpPrefix, address: IpAddress): boolean {
  if (prefix.family !== address.family) return false;
  const hostBits = BigInt((prefix.family === 4 ? 32 : 128) - prefix.length);
  return address.value >> hostBits === prefix.value >> hostBits;
}
