import { TOKEN, allIn, isDigits } from './char-classes.ts';
import { SipRequest, SipResponse } from './message.ts';
import type { SipMessage } from './message.ts';
import { SipHeaders } from './sip-headers.ts';
import { SipParseError } from './sip-parse-error.ts';
import type { PartialMessage } from './sip-parse-error.ts';
import { parseUri } from './uri.ts';

export interface ParseOptions {
  /** Content-Length rules of RFC 3261 §18.3 differ per transport; default 'udp'. */
  transport?: 'udp' | 'tcp';
  /** Longer Request-URIs are refused with 414; default 4096. */
  maxRequestUriLength?: number;
}

export const DEFAULT_MAX_REQUEST_URI_LENGTH = 4096;

/**
 * Parses one SIP message (RFC 3261 §7, §25). Throws SipParseError and nothing else; when the
 * header section could be read, the error carries `partial` so a server can still answer 400.
 */
export function parseMessage(buf: Buffer, opts: ParseOptions = {}): SipMessage {
  try {
    return parseUnsafe(buf, opts);
  } catch (e) {
    if (e instanceof SipParseError) throw e;
    // Defence in depth: an unforeseen failure is still only a malformed message.
    throw new SipParseError('Malformed message', 400, undefined, e);
  }
}

function parseUnsafe(buf: Buffer, opts: ParseOptions): SipMessage {
  // "Implementations processing SIP messages over stream-oriented transports MUST ignore any
  // CRLF appearing before the start-line" (§7.5); harmless over UDP too.
  let start = 0;
  while (start < buf.length && (buf[start] === 13 || buf[start] === 10)) start++;
  const { headerEnd, bodyStart } = findHeaderEnd(buf, start, opts.transport ?? 'udp');
  const lines = buf.toString('utf8', start, headerEnd).split('\n');
  const startLine = stripCr(lines[0] ?? '');
  const isRequest = startLine.slice(0, 4).toUpperCase() !== 'SIP/';
  const { headers, error } = collectHeaders(lines);
  try {
    if (error !== undefined) throw error;
    const msg = isRequest ? parseRequestLine(startLine, opts, headers) : parseStatusLine(startLine, headers);
    headers.validateFrequent();
    msg.body = extractBody(buf, bodyStart, headers, opts.transport ?? 'udp');
    return msg;
  } catch (e) {
    if (e instanceof SipParseError && e.partial === undefined) throw e.withPartial(partialOf(headers, isRequest));
    throw e;
  }
}

function findHeaderEnd(buf: Buffer, start: number, transport: 'udp' | 'tcp'): { headerEnd: number; bodyStart: number } {
  const crlf = buf.indexOf('\r\n\r\n', start, 'latin1');
  const lf = buf.indexOf('\n\n', start, 'latin1');
  if (crlf < 0 && lf < 0) {
    if (start >= buf.length) throw new SipParseError('Empty message');
    // A datagram is a whole message: one whose headers run to its end (no empty line) is read
    // as having no body. A stream needs the empty line to know where the message ends.
    if (transport === 'udp') {
      const end = buf[buf.length - 1] === 10 ? (buf[buf.length - 2] === 13 ? buf.length - 2 : buf.length - 1) : buf.length;
      return { headerEnd: end, bodyStart: buf.length };
    }
    throw new SipParseError('Missing end of headers');
  }
  // A bare-LF message is tolerated (robustness); CRLF is what RFC 3261 §7 requires.
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { headerEnd: crlf, bodyStart: crlf + 4 };
  return { headerEnd: lf, bodyStart: lf + 2 };
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/**
 * Header lines after the start line, unfolded: "a header field value can be extended over
 * multiple lines by preceding each extra line with at least one space or horizontal tab"
 * (§7.3.1). A malformed line does not stop collection, so that `partial` stays useful.
 */
function collectHeaders(lines: string[]): { headers: SipHeaders; error?: SipParseError } {
  const headers = new SipHeaders();
  let error: SipParseError | undefined;
  let name: string | undefined;
  let value = '';
  const flush = (): void => {
    if (name !== undefined) headers.append(name, value.trim());
    name = undefined;
  };
  for (let i = 1; i < lines.length; i++) {
    const line = stripCr(lines[i] as string);
    const c = line.charCodeAt(0);
    if (c === 32 || c === 9) {
      if (name === undefined) error ??= new SipParseError('Bad header folding');
      else value += line;
      continue;
    }
    flush();
    const colon = line.indexOf(':');
    const n = colon > 0 ? line.slice(0, colon).trimEnd() : '';
    if (!allIn(TOKEN, n)) {
      error ??= new SipParseError('Bad header line');
      continue;
    }
    name = n;
    value = line.slice(colon + 1);
  }
  flush();
  return error === undefined ? { headers } : { headers, error };
}

function parseRequestLine(line: string, opts: ParseOptions, headers: SipHeaders): SipRequest {
  // Request-Line = Method SP Request-URI SP SIP-Version CRLF (§7.1): exactly single spaces
  // (RFC 4475 §3.1.2.8, §3.1.2.9); trailing whitespace is tolerated (§3.1.2.10 allows either).
  const parts = line.trimEnd().split(' ');
  if (parts.length !== 3) throw new SipParseError('Bad Request-Line');
  const [method, uriText, version] = parts as [string, string, string];
  if (!allIn(TOKEN, method)) throw new SipParseError('Bad method');
  checkVersion(version);
  const max = opts.maxRequestUriLength ?? DEFAULT_MAX_REQUEST_URI_LENGTH;
  if (uriText.length > max) throw new SipParseError('Request-URI Too Long', 414);
  let uri;
  try {
    uri = parseUri(uriText);
  } catch {
    throw new SipParseError('Bad Request-URI');
  }
  return new SipRequest(method, uri, headers);
}

function parseStatusLine(line: string, headers: SipHeaders): SipResponse {
  // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase CRLF (§7.2)
  const sp1 = line.indexOf(' ');
  if (sp1 < 0) throw new SipParseError('Bad Status-Line');
  checkVersion(line.slice(0, sp1));
  const code = line.slice(sp1 + 1, sp1 + 4);
  const after = line.charCodeAt(sp1 + 4);
  if (!isDigits(code) || (!Number.isNaN(after) && after !== 32)) throw new SipParseError('Bad Status-Code');
  const status = Number(code);
  if (status < 100 || status > 699) throw new SipParseError('Bad Status-Code');
  const reason = line.slice(sp1 + 5);
  for (let i = 0; i < reason.length; i++) {
    const c = reason.charCodeAt(i);
    if ((c < 32 && c !== 9) || c === 127) throw new SipParseError('Bad Reason-Phrase');
  }
  return new SipResponse(status, reason, headers);
}

/** SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT; another version gets 505 Version Not Supported (§21.5.6). */
function checkVersion(v: string): void {
  const upper = v.toUpperCase();
  if (upper === 'SIP/2.0') return;
  const dot = upper.indexOf('.');
  if (upper.startsWith('SIP/') && dot > 4 && isDigits(upper.slice(4, dot)) && isDigits(upper.slice(dot + 1))) {
    throw new SipParseError('Version Not Supported', 505);
  }
  throw new SipParseError('Bad SIP-Version');
}

/**
 * Content-Length per transport (§18.3): over UDP a missing Content-Length means the rest of
 * the datagram, "if the transport packet ends before the end of the message body, this is
 * considered an error", and bytes after the body are discarded. "If a stream-based protocol
 * (such as TCP) is used as transport, then the header field MUST be used".
 */
function extractBody(buf: Buffer, bodyStart: number, headers: SipHeaders, transport: 'udp' | 'tcp'): Buffer {
  const available = Math.max(0, buf.length - bodyStart);
  const cl = headers.contentLength();
  if (cl === undefined) {
    if (transport === 'tcp') throw new SipParseError('Missing Content-Length');
    return Buffer.from(buf.subarray(bodyStart));
  }
  if (cl > available) throw new SipParseError('Content-Length larger than message');
  return Buffer.from(buf.subarray(bodyStart, bodyStart + cl));
}

function partialOf(headers: SipHeaders, isRequest: boolean): PartialMessage {
  const p: PartialMessage = { isRequest };
  const via = headers.entries().filter((e) => e.key === 'via').map((e) => e.value);
  if (via.length > 0) p.via = via;
  const from = headers.get('from');
  if (from !== undefined) p.from = from;
  const to = headers.get('to');
  if (to !== undefined) p.to = to;
  const callId = headers.get('call-id');
  if (callId !== undefined) p.callId = callId;
  const cseq = headers.get('cseq');
  if (cseq !== undefined) p.cseq = cseq;
  return p;
}
