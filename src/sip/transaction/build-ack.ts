// RFC 3261 §17.1.1.3: the ACK an INVITE client transaction sends for a non-2xx final response.
import { SipRequest } from '../message/message.ts';
import type { SipResponse } from '../message/message.ts';
import { cloneUri } from '../message/name-addr.ts';
import { hopHeaders } from './build-cancel.ts';

/**
 * §17.1.1.3: "The ACK request constructed by the client transaction MUST contain values for the
 * Call-ID, From, and Request-URI that are equal to the values of those header fields in the
 * request passed to the transport by the client transaction ... The To header field in the ACK
 * MUST equal the To header field in the response being acknowledged ... The ACK MUST contain a
 * single Via header field, and this MUST be equal to the top Via header field of the original
 * request. The CSeq header field in the ACK MUST contain the same value for the sequence number as
 * was present in the original request, but the method parameter MUST be equal to "ACK". If the
 * INVITE request whose response is being acknowledged had Route header fields, those header
 * fields MUST appear in the ACK."
 */
export function buildNon2xxAck(invite: SipRequest, res: SipResponse): SipRequest {
  const to = res.headers.get('To') ?? invite.headers.get('To');
  return new SipRequest('ACK', cloneUri(invite.uri), hopHeaders(invite, 'ACK', to));
}
