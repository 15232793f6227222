// Transaction matching keys, RFC 3261 §17.1.3 (responses to client transactions) and §17.2.3
// (requests to server transactions), including the RFC 2543 fallback for branches without the
// magic cookie. Keys are strings so the tables are plain Maps.
import type { SipRequest, SipResponse } from '../message/message.ts';
import { formatUri } from '../message/uri.ts';
import type { Via } from '../message/via.ts';

export const MAGIC_COOKIE = 'z9hG4bK';

/**
 * §17.1.3: "A response matches a client transaction ... If the response has the same value of the
 * branch parameter in the top Via header field as the branch parameter in the top Via header field
 * of the request that created the transaction [and] the method parameter in the CSeq header field
 * matches the method of the request that created the transaction." Undefined when there is no branch.
 */
export function clientKeyOfResponse(res: SipResponse): string | undefined {
  const top = res.headers.via()[0];
  const branch = top?.params.get('branch');
  if (typeof branch !== 'string' || branch.length === 0) return undefined;
  return `${branch}|${res.headers.cseq().method.toUpperCase()}`;
}

export function clientKeyOfRequest(req: SipRequest): string {
  const branch = req.headers.via()[0]?.params.get('branch');
  return `${branch ?? ''}|${req.method.toUpperCase()}`;
}

/** What a server transaction is looked up by, and the To tag a RFC 2543 match must also check. */
export interface ServerKey {
  key: string;
  /** RFC 2543 matching only: the request's To tag (compared by the layer). */
  legacyToTag?: string | null;
  legacy: boolean;
}

/**
 * §17.2.3: with the magic cookie, "the request matches a transaction if: 1. the branch parameter in
 * the request is equal to the one in the top Via header field of the request that created the
 * transaction, and 2. the sent-by value in the top Via of the request is equal to the one in the
 * request that created the transaction, and 3. the method of the request matches the one that
 * created the transaction, except for ACK, where the method of the request that created the
 * transaction is INVITE."
 * `asMethod` lets CANCEL look up the INVITE it cancels (§9.2).
 *
 * Stricter than the RFC on purpose: the key also holds the Call-ID and the transport the request
 * arrived on. A genuine retransmission (or the ACK/CANCEL of the same INVITE) always has both in
 * common with the original, while peers that reuse a static branch for different requests (RFC 4475
 * reuses `z9hG4bKkdjuw` across many messages; so do some broken phones) would otherwise have a
 * new request swallowed as a "retransmission" and answered with another request's response.
 */
export function serverKey(req: SipRequest, transport: string, asMethod?: string): ServerKey {
  const top = req.headers.via()[0];
  const method = (asMethod ?? (req.method === 'ACK' ? 'INVITE' : req.method)).toUpperCase();
  const branch = top?.params.get('branch');
  if (top !== undefined && typeof branch === 'string' && branch.startsWith(MAGIC_COOKIE)) {
    return { key: `${branch}|${sentBy(top)}|${method}|${req.headers.callId()}|${transport}`, legacy: false };
  }
  // RFC 2543 fallback: "The INVITE request matches a transaction if the Request-URI, To tag, From
  // tag, Call-ID, CSeq, and top Via header field match those of the INVITE request which created
  // the transaction ... The ACK request matches a transaction if the Request-URI, From tag,
  // Call-ID, CSeq number (not the method), and top Via header field match those of the INVITE
  // request which created the transaction, and the To tag of the ACK matches the To tag of the
  // response sent by the server transaction." The To tag is compared by the caller.
  const fromTag = req.headers.from().params.get('tag') ?? '';
  const via = top === undefined ? '' : `${sentBy(top)};branch=${branch ?? ''}`;
  const key = ['2543', formatUri(req.uri), fromTag, req.headers.callId(), req.headers.cseq().seq, via, method, transport].join('|');
  return { key, legacy: true, legacyToTag: req.headers.to().params.get('tag') ?? null };
}

function sentBy(v: Via): string {
  return `${v.transport}/${v.host.toLowerCase()}:${v.port ?? ''}`;
}

/** §13.3.1.4 / §17.1.1.3: an ACK for a 2xx is matched to the UAS's 2xx by Call-ID, CSeq number and To tag. */
export function ackKeyOfResponse(res: SipResponse): string {
  return `${res.headers.callId()}|${res.headers.cseq().seq}|${res.headers.to().params.get('tag') ?? ''}`;
}

export function ackKeyOfRequest(ack: SipRequest): string {
  return `${ack.headers.callId()}|${ack.headers.cseq().seq}|${ack.headers.to().params.get('tag') ?? ''}`;
}
