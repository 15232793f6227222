// RFC 3261 §9.1: building a CANCEL for an INVITE we sent.
import { SipRequest } from '../message/message.ts';
import { SipHeaders } from '../message/sip-headers.ts';
import { cloneUri } from '../message/name-addr.ts';

/**
 * §9.1: "The Request-URI, Call-ID, To, the numeric part of CSeq, and From header fields in the
 * CANCEL request MUST be identical to those in the request being cancelled, including tags. A
 * CANCEL constructed by a client MUST have only a single Via header field value matching the top
 * Via value in the request being cancelled. ... the method part of the CSeq header field MUST have
 * a value of CANCEL. If the request being cancelled contains a Route header field, the CANCEL
 * request MUST include that Route header field's values."
 * The invite must be the one as sent (with our Via), i.e. ClientTransaction.request.
 */
export function buildCancel(invite: SipRequest): SipRequest {
  return new SipRequest('CANCEL', cloneUri(invite.uri), hopHeaders(invite, 'CANCEL', undefined));
}

/**
 * The headers CANCEL and the non-2xx ACK share (§9.1, §17.1.1.3): the top Via only, From, To (the
 * response's To for an ACK), Call-ID, CSeq with the new method, Route, Max-Forwards 70.
 */
export function hopHeaders(invite: SipRequest, method: string, to: string | undefined): SipHeaders {
  const h = new SipHeaders();
  const top = invite.headers.via()[0];
  if (top !== undefined) h.setVia([top]);
  h.set('Max-Forwards', '70');
  copy(invite.headers, h, 'From');
  if (to !== undefined) h.set('To', to);
  else copy(invite.headers, h, 'To');
  copy(invite.headers, h, 'Call-ID');
  h.setCSeq({ seq: invite.headers.cseq().seq, method });
  for (const r of invite.headers.getAll('Route')) h.append('Route', r);
  return h;
}

function copy(from: SipHeaders, to: SipHeaders, name: string): void {
  const v = from.get(name);
  if (v !== undefined) to.set(name, v);
}
