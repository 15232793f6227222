import { SipResponse } from './message.ts';
import type { SipRequest } from './message.ts';
import { formatNameAddr } from './name-addr.ts';
import { reasonPhrase } from './reason-phrases.ts';
import { SipHeaders } from './sip-headers.ts';
import { generateTag } from './identifiers.ts';

export interface CreateResponseOptions {
  /**
   * Added to To when the request's To has no tag (not for 100 Trying, §8.2.6.2); a fresh tag when
   * absent. A UAS that answers a dialog-creating request passes its dialog's local tag.
   */
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
    // equal that of the request" — otherwise "the UAS MUST add a tag to the To header field in
    // the response (with the exception of the 100 (Trying) response)" (§8.2.6.2): REGISTER and
    // OPTIONS answers too.
    h.set('To', status > 100 ? withToTag(req, to, opts.toTag) : to);
  }
  copy(req.headers, h, 'Call-ID');
  copy(req.headers, h, 'CSeq');
  if (status === 100) copy(req.headers, h, 'Timestamp');
  return new SipResponse(status, reason ?? reasonPhrase(status), h);
}

/** The request's To with a tag added when it has none; a To that does not parse (a 400 for a malformed request) is copied as it is. */
function withToTag(req: SipRequest, to: string, toTag: string | undefined): string {
  let parsed;
  try {
    parsed = req.headers.to();
  } catch {
    return to;
  }
  if (parsed.params.has('tag')) return to;
  parsed.params.set('tag', toTag ?? generateTag());
  return formatNameAddr(parsed);
}

function copy(from: SipHeaders, to: SipHeaders, name: string): void {
  const v = from.get(name);
  if (v !== undefined) to.set(name, v);
}
