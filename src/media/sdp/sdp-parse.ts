// SDP parser (RFC 4566 §5): `<type>=<value>` lines, session part then media sections.

import type { SdpAttribute, SdpConnection, SdpMedia, SdpSession } from './sdp-session.ts';
import { SdpParseError } from './sdp-session.ts';

const MAX_SDP_BYTES = 64 * 1024;

export function parseSdp(text: string): SdpSession {
  if (text.length > MAX_SDP_BYTES) throw new SdpParseError('SDP larger than 64 KiB');
  // §5 "the SDP message ... lines separated by CRLF"; tolerate bare LF as most stacks do.
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  const session: Partial<SdpSession> & { other: SdpSession['other']; attributes: SdpAttribute[]; media: SdpMedia[] } = {
    other: [],
    attributes: [],
    media: [],
  };
  let media: SdpMedia | undefined;
  for (const [index, line] of lines.entries()) {
    // §5 "<type>=<value> where <type> MUST be exactly one case-significant character".
    if (line.length < 2 || line[1] !== '=' || !/^[a-z]$/.test(line[0] ?? '')) {
      throw new SdpParseError(`line ${index + 1} is not <type>=<value>: ${JSON.stringify(line.slice(0, 40))}`);
    }
    const type = line[0] ?? '';
    const value = line.slice(2);
    if (index === 0 && type !== 'v') throw new SdpParseError('SDP must start with v=');
    if (type === 'm') {
      media = parseMediaLine(value);
      session.media.push(media);
      continue;
    }
    if (media) applyMediaLine(media, type, value);
    else applySessionLine(session, type, value);
  }
  if (session.version === undefined) throw new SdpParseError('missing v=');
  if (!session.origin) throw new SdpParseError('missing o=');
  if (session.sessionName === undefined) throw new SdpParseError('missing s=');
  return {
    version: session.version,
    origin: session.origin,
    sessionName: session.sessionName,
    ...(session.connection ? { connection: session.connection } : {}),
    timing: session.timing ?? { start: '0', stop: '0' },
    other: session.other,
    attributes: session.attributes,
    media: session.media,
  };
}

function applySessionLine(s: Partial<SdpSession> & { other: SdpSession['other']; attributes: SdpAttribute[] }, type: string, value: string): void {
  switch (type) {
    case 'v':
      if (value !== '0') throw new SdpParseError(`unsupported SDP version ${value}`);
      s.version = 0;
      return;
    case 'o': {
      const f = value.split(' ');
      if (f.length !== 6) throw new SdpParseError('o= needs 6 fields');
      const [username = '', sessionId = '', sessionVersion = '', netType = '', addrType = '', address = ''] = f;
      s.origin = { username, sessionId, sessionVersion, netType, addrType, address };
      return;
    }
    case 's':
      s.sessionName = value;
      return;
    case 'c':
      s.connection = parseConnection(value);
      return;
    case 't': {
      const [start = '0', stop = '0'] = value.split(' ');
      s.timing = { start, stop };
      return;
    }
    case 'a':
      s.attributes.push(parseAttribute(value));
      return;
    default:
      s.other.push({ type, value });
  }
}

function applyMediaLine(m: SdpMedia, type: string, value: string): void {
  if (type === 'c') m.connection = parseConnection(value);
  else if (type === 'a') m.attributes.push(parseAttribute(value));
  else m.other.push({ type, value });
}

function parseMediaLine(value: string): SdpMedia {
  // §5.14 "m=<media> <port>/<number of ports> <proto> <fmt> ..."
  const f = value.split(' ').filter((x) => x.length > 0);
  if (f.length < 4) throw new SdpParseError('m= needs media, port, proto and at least one format');
  const [type = '', portField = '', proto = ''] = f;
  const [portText = '', countText] = portField.split('/');
  const port = parseNumber(portText, 'm= port', 65535);
  const m: SdpMedia = { type, port, proto, formats: f.slice(3), other: [], attributes: [] };
  if (countText !== undefined) m.portCount = parseNumber(countText, 'm= port count', 65535);
  return m;
}

function parseConnection(value: string): SdpConnection {
  // §5.7 "c=<nettype> <addrtype> <connection-address>"
  const f = value.split(' ');
  if (f.length !== 3) throw new SdpParseError('c= needs 3 fields');
  const [netType = '', addrType = '', addressField = ''] = f;
  // Multicast TTL / count suffixes (`/127`) are not ours to use; keep the address.
  const address = addrType === 'IP4' ? (addressField.split('/')[0] ?? '') : addressField;
  return { netType, addrType, address };
}

function parseAttribute(value: string): SdpAttribute {
  const colon = value.indexOf(':');
  if (colon < 0) return { name: value };
  return { name: value.slice(0, colon), value: value.slice(colon + 1) };
}

function parseNumber(text: string, what: string, max: number): number {
  if (!/^\d{1,10}$/.test(text)) throw new SdpParseError(`${what} is not a number: ${JSON.stringify(text)}`);
  const n = Number(text);
  if (n > max) throw new SdpParseError(`${what} out of range: ${n}`);
  return n;
}
