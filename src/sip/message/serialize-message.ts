import type { SipMessage } from './message.ts';
import { formatUri } from './uri.ts';

/**
 * Writes a message to bytes: start line, headers in order with canonical names, and a
 * Content-Length computed from the body (any stored Content-Length is ignored).
 */
export function serializeMessage(msg: SipMessage): Buffer {
  let head = msg.kind === 'request'
    ? `${msg.method} ${formatUri(msg.uri)} SIP/2.0\r\n`
    : `SIP/2.0 ${msg.status} ${msg.reason}\r\n`;
  for (const e of msg.headers.entries()) {
    if (e.key === 'content-length') continue;
    head += `${e.name}: ${e.value}\r\n`;
  }
  head += `Content-Length: ${msg.body.length}\r\n\r\n`;
  if (msg.body.length === 0) return Buffer.from(head, 'utf8');
  const headLen = Buffer.byteLength(head, 'utf8');
  const out = Buffer.allocUnsafe(headLen + msg.body.length);
  out.write(head, 0, 'utf8');
  msg.body.copy(out, headLen);
  return out;
}
