import {
  ABSOLUTE_URI, HOST, IPV6, SCHEME, URI_HEADER, URI_PARAM, URI_PASSWORD, URI_USER, URI_USER_LENIENT, allIn, isDigits, isIn,
} from './char-classes.ts';
import { SipParseError } from './sip-parse-error.ts';
import { formatParams } from './scanner.ts';
import { percentDecode, percentEncode } from './percent-encoding.ts';

/**
 * A SIP or SIPS URI (RFC 3261 §19.1). `user` and `password` are unescaped; parameter and header
 * names are lower-cased and their values kept as written (still escaped). `host` is an IPv6
 * address without brackets when the URI had an IPv6 reference.
 */
export interface SipUri {
  kind: 'sip';
  scheme: 'sip' | 'sips';
  user?: string;
  password?: string;
  host: string;
  port?: number;
  params: Map<string, string | null>;
  headers: Map<string, string>;
}

/** Any other URI (tel:, http:, urn:, …): scheme lower-cased, the rest kept verbatim. */
export interface AbsoluteUri {
  kind: 'absolute';
  scheme: string;
  value: string;
}

export type Uri = SipUri | AbsoluteUri;

function bad(detail: string): never {
  throw new SipParseError(`Bad URI: ${detail}`);
}

/** Parses a URI (no surrounding < >, no whitespace). Throws SipParseError. */
export function parseUri(text: string): Uri {
  const colon = text.indexOf(':');
  if (colon <= 0) bad('no scheme');
  if (!isIn(SCHEME, text.charCodeAt(0)) || !allIn(SCHEME, text, 0, colon)) bad('scheme');
  const c0 = text.charCodeAt(0);
  if (!((c0 >= 65 && c0 <= 90) || (c0 >= 97 && c0 <= 122))) bad('scheme');
  const scheme = text.slice(0, colon).toLowerCase();
  if (scheme === 'sip' || scheme === 'sips') return parseSipUri(scheme, text, colon + 1);
  // absoluteURI (RFC 3261 §25.1 / RFC 3986): kept verbatim, only its characters are checked.
  if (!allIn(ABSOLUTE_URI, text, colon + 1)) bad('characters');
  return { kind: 'absolute', scheme, value: text.slice(colon + 1) };
}

function parseSipUri(scheme: 'sip' | 'sips', text: string, start: number): SipUri {
  const uri: SipUri = { kind: 'sip', scheme, host: '', params: new Map(), headers: new Map() };
  let pos = start;
  // No '@' is allowed unescaped anywhere but between userinfo and host, so the first one ends
  // the userinfo (the user part may itself contain ';' and '?', RFC 3261 §19.1.1).
  const at = text.indexOf('@', pos);
  if (at >= 0) {
    const userinfo = text.slice(pos, at);
    const pw = userinfo.indexOf(':');
    const user = pw >= 0 ? userinfo.slice(0, pw) : userinfo;
    if (!validEscaped(URI_USER_LENIENT, user)) bad('user');
    uri.user = percentDecode(user);
    if (pw >= 0) {
      const password = userinfo.slice(pw + 1);
      if (password.length > 0 && !validEscaped(URI_PASSWORD, password)) bad('password');
      uri.password = percentDecode(password);
    }
    pos = at + 1;
  }
  pos = parseHostPort(text, pos, uri);
  while (pos < text.length && text.charCodeAt(pos) === 59) {
    let end = pos + 1;
    while (end < text.length && text.charCodeAt(end) !== 59 && text.charCodeAt(end) !== 63) end++;
    const eq = text.indexOf('=', pos + 1);
    const hasValue = eq >= 0 && eq < end;
    const name = text.slice(pos + 1, hasValue ? eq : end);
    if (!validEscaped(URI_PARAM, name)) bad('parameter');
    if (hasValue && !validEscaped(URI_PARAM, text.slice(eq + 1, end))) bad('parameter value');
    uri.params.set(name.toLowerCase(), hasValue ? text.slice(eq + 1, end) : null);
    pos = end;
  }
  if (pos < text.length) {
    if (text.charCodeAt(pos) !== 63) bad('unexpected character');
    for (const part of text.slice(pos + 1).split('&')) {
      const eq = part.indexOf('=');
      if (eq <= 0) bad('header');
      const name = part.slice(0, eq);
      const value = part.slice(eq + 1);
      if (!validEscaped(URI_HEADER, name)) bad('header');
      if (value.length > 0 && !validEscaped(URI_HEADER, value)) bad('header value');
      uri.headers.set(name, value);
    }
  }
  if (uri.user !== undefined && uri.user.length === 0) bad('empty user');
  return uri;
}

function parseHostPort(text: string, start: number, uri: SipUri): number {
  let pos = start;
  if (text.charCodeAt(pos) === 91) {
    const close = text.indexOf(']', pos);
    const firstColon = text.indexOf(':', pos);
    if (close < 0 || !allIn(IPV6, text, pos + 1, close) || firstColon < 0 || firstColon > close) bad('IPv6 reference');
    uri.host = text.slice(pos + 1, close);
    pos = close + 1;
  } else {
    const hostStart = pos;
    while (pos < text.length && isIn(HOST, text.charCodeAt(pos))) pos++;
    if (pos === hostStart) bad('host');
    uri.host = text.slice(hostStart, pos);
  }
  if (text.charCodeAt(pos) === 58) {
    let end = pos + 1;
    while (end < text.length && text.charCodeAt(end) >= 48 && text.charCodeAt(end) <= 57) end++;
    const port = text.slice(pos + 1, end);
    if (!isDigits(port) || port.length > 5 || Number(port) > 65535) bad('port');
    uri.port = Number(port);
    pos = end;
  }
  return pos;
}

/** Every char in `set` or part of a %HH escape; the text is not empty. */
function validEscaped(set: Uint8Array, s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 37) {
      if (!isHex(s.charCodeAt(i + 1)) || !isHex(s.charCodeAt(i + 2))) return false;
      i += 2;
    } else if (c >= 128 || set[c] !== 1) return false;
  }
  return true;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** Formats a URI; user and password are escaped where RFC 3261 requires it. */
export function formatUri(uri: Uri): string {
  if (uri.kind === 'absolute') return `${uri.scheme}:${uri.value}`;
  let out = `${uri.scheme}:`;
  if (uri.user !== undefined) {
    out += percentEncode(uri.user, URI_USER);
    if (uri.password !== undefined) out += `:${percentEncode(uri.password, URI_PASSWORD)}`;
    out += '@';
  }
  out += formatHost(uri.host);
  if (uri.port !== undefined) out += `:${uri.port}`;
  out += formatParams(uri.params);
  let sep = '?';
  for (const [k, v] of uri.headers) {
    out += `${sep}${k}=${v}`;
    sep = '&';
  }
  return out;
}

/** Host as it appears in a URI or Via: IPv6 addresses get their brackets back. */
export function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
