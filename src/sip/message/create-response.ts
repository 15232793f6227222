import { SipResponse } from './message.ts';
import type { SipRequest } from './message.ts';
import { formatNameAddr } from './name-addr.ts';
import { reasonPhrase } from './reason-phrases.ts';
import { SipHeaders } from './sip-headers.ts';

export interface CreateResponseOptions {
  /** Added to To when the request's To has no tag (not for 100 Trying, §8.2.6.2). */
  toTag?: string;
}

/**
 * Builds a response to `req` (RFC 3261 §8.2.6): "The From field of the response MUST equal the
 * From header field of the request. The Call-ID header field of the response MUST equal the
 * Call-ID header field of the request. The CSeq header field of the response MUST equal the
 * CSeq field of the request. The Via header field values in the response MUST equal the Via
 * header field values in the request and MUST maintain the same ordering." The header lines are
 * copied verbatim. A 100 also copies Timestamp (§8.2.6.1).
 */
export function createResponse(req: SipRequest, status: number, reason?: string, opts: CreateResponseOptions = {}): SipResponse {
  const h = new SipHeaders();
  for (const e of req.headers.entries()) {
    if (e.key === 'via') h.append('Via', e.value);
  }
  copy(req.headers, h, 'From');
  const to = req.headers.get('to');
  if (to !== undefined) {
    // "If a request contained a To tag in the request, the To header field in the response MUST
    // equal that of the request" — otherwise the UAS adds one (§8.2.6.2).
    if (opts.toTag !== undefined && status > 100) {
      const parsed = req.headers.to();
      if (!parsed.params.has('tag')) {
        parsed.params.set('tag', opts.toTag);
        h.set('To', formatNameAddr(parsed));
      } else h.set('To', to);
    } else h.set('To', to);
  }
  copy(req.headers, h, 'Call-ID');
  copy(req.headers, h, 'CSeq');
  if (status === 100) copy(req.headers, h, 'Timestamp');
  return new SipResponse(status, reason ?? reasonPhrase(status), h);
}

function copy(from: SipHeaders, to: SipHeaders, name: string): void {
  const v = from.get(name);
  if (v !== undefined) to.set(name, v);
}
