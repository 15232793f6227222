import type { SipMessage } from './message.ts';
import { formatUri } from './uri.ts';

/**
 * Writes a message to bytes: start line, headers in order with canonical names, and a
 * Content-Length computed from the body (any stored Content-Length is ignored).
 */
export function serializeMessage(msg: SipMessage): Buffer {
  let head = msg.kind === 'request'
    ? `${oneLine(msg.method)} ${oneLine(formatUri(msg.uri))} SIP/2.0\r\n`
    : `SIP/2.0 ${msg.status} ${oneLine(msg.reason)}\r\n`;
  for (const e of msg.headers.entries()) {
    if (e.key === 'content-length') continue;
    head += `${e.name}: ${oneLine(e.value)}\r\n`;
  }
  head += `Content-Length: ${msg.body.length}\r\n\r\n`;
  if (msg.body.length === 0) return Buffer.from(head, 'utf8');
  const headLen = Buffer.byteLength(head, 'utf8');
  const out = Buffer.allocUnsafe(headLen + msg.body.length);
  out.write(head, 0, 'utf8');
  msg.body.copy(out, headLen);
  return out;
}

/** A CR or LF inside a value would start a new header line: it becomes a space. */
function oneLine(s: string): string {
  return s.includes('\n') || s.includes('\r') ? s.replace(/[\r\n]/g, ' ') : s;
}
