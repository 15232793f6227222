// Responses the transport itself sends to requests it cannot hand to the transaction layer
// (malformed, too large). Built from what the parser could still read (SipParseError.partial).
import { SipResponse } from '../message/message.ts';
import { SipHeaders } from '../message/sip-headers.ts';
import type { PartialMessage } from '../message/sip-parse-error.ts';

/**
 * Builds `status reason` from a partial message, or returns undefined when there is not enough to
 * address a response (no Via): such a request is dropped and counted. The reason phrase is the
 * parse error's reason, stripped of anything a Status-Line cannot carry.
 */
export function errorResponseFromPartial(partial: PartialMessage | undefined, status: number, reason: string): SipResponse | undefined {
  if (partial?.via === undefined || partial.via.length === 0) return undefined;
  const h = new SipHeaders();
  for (const v of partial.via) h.append('Via', v);
  if (partial.from !== undefined) h.set('From', partial.from);
  if (partial.to !== undefined) h.set('To', partial.to);
  if (partial.callId !== undefined) h.set('Call-ID', partial.callId);
  if (partial.cseq !== undefined) h.set('CSeq', partial.cseq);
  return new SipResponse(status, safeReason(reason), h);
}

/** Reason-Phrase = *(reserved / unreserved / escaped / UTF8-NONASCII / UTF8-CONT / SP / HTAB) (§25.1): no CR/LF/controls. */
export function safeReason(reason: string): string {
  let cleaned = '';
  for (const ch of reason) {
    const c = ch.charCodeAt(0);
    cleaned += (c < 32 && c !== 9) || c === 127 ? ' ' : ch;
  }
  cleaned = cleaned.trim();
  return cleaned.length > 0 ? cleaned.slice(0, 200) : 'Bad Request';
}

/** True when the bytes look like a request (a response starts with "SIP/"). */
export function looksLikeRequest(buf: Buffer): boolean {
  let i = 0;
  while (i < buf.length && (buf[i] === 13 || buf[i] === 10)) i++;
  return buf.toString('latin1', i, i + 4).toUpperCase() !== 'SIP/';
}
