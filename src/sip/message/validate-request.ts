import type { SipRequest } from './message.ts';
import { DEFAULT_MAX_REQUEST_URI_LENGTH } from './parse-message.ts';
import { SipParseError } from './sip-parse-error.ts';
import { formatUri } from './uri.ts';

export interface ValidateOptions {
  /** Option tags this element supports; a Require naming another gets 420 (§8.2.2.3). Default none. */
  supported?: readonly string[];
  /** URI schemes accepted in the Request-URI; others get 416 (§8.2.2.1). Default: any. */
  schemes?: readonly string[];
  /** Default 4096, as the parser. */
  maxRequestUriLength?: number;
  /** Refuse Max-Forwards: 0 with 483 (RFC 4475 §3.3.11 zeromf: "A proxy should not forward the request and should respond 483"). Default true. */
  refuseZeroMaxForwards?: boolean;
}

export interface RequestProblem {
  status: number;
  reason: string;
  /** For 420: the option tags to list in Unsupported. */
  unsupported?: string[];
}

const MANDATORY = [['to', 'To'], ['from', 'From'], ['call-id', 'Call-ID'], ['cseq', 'CSeq'], ['via', 'Via']] as const;

// rfc1123-date = wkday "," SP date1 SP time SP "GMT" (RFC 3261 §20.17); no nested quantifiers.
const DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/**
 * Semantic checks a UAS makes before handling a request (RFC 3261 §8.2, §16.3 step 3), after
 * parseMessage accepted its syntax. Returns the response to send, or undefined when it is fine.
 */
export function validateRequest(req: SipRequest, opts: ValidateOptions = {}): RequestProblem | undefined {
  try {
    return check(req, opts);
  } catch (e) {
    if (e instanceof SipParseError) return { status: e.status, reason: e.reason };
    throw e;
  }
}

function check(req: SipRequest, opts: ValidateOptions): RequestProblem | undefined {
  const h = req.headers;
  // "A valid SIP request formulated by a UAC MUST, at a minimum, contain the following header
  // fields: To, From, CSeq, Call-ID, Max-Forwards, and Via" (§8.1.1); Max-Forwards is not
  // demanded of RFC 2543 peers (RFC 4475 §3.4.1).
  for (const [key, name] of MANDATORY) {
    if (!h.has(key)) return { status: 400, reason: `Missing ${name} header` };
  }
  if (h.via().length === 0) return { status: 400, reason: 'Missing Via header' };
  // "The method MUST match that of the request" (§8.1.1.5), ACK and CANCEL included.
  if (h.cseq().method !== req.method) return { status: 400, reason: 'CSeq method does not match' };
  const max = opts.maxRequestUriLength ?? DEFAULT_MAX_REQUEST_URI_LENGTH;
  if (formatUri(req.uri).length > max) return { status: 414, reason: 'Request-URI Too Long' };
  // "If the Request-URI has a URI whose scheme is not understood by the UAS, it SHOULD reject
  // the request with a 416 (Unsupported URI Scheme) response" (§8.2.2.1).
  if (opts.schemes !== undefined && !opts.schemes.includes(req.uri.scheme)) {
    return { status: 416, reason: 'Unsupported URI Scheme' };
  }
  // "If the Max-Forwards value reaches 0 before the request reaches its destination, it will be
  // rejected with a 483 (Too Many Hops) error response" (§8.1.1.6).
  if ((opts.refuseZeroMaxForwards ?? true) && h.maxForwards() === 0) return { status: 483, reason: 'Too Many Hops' };
  const date = h.get('date');
  if (date !== undefined && !DATE.test(date)) return { status: 400, reason: 'Bad Date header' };
  const cl = h.contentLength();
  if (cl !== undefined && cl !== req.body.length) return { status: 400, reason: 'Content-Length mismatch' };
  if (h.has('expires')) h.expires();
  return checkRequire(req, opts);
}

/**
 * "If a UAS does not understand an option tag listed in a Require header field, it MUST respond
 * by generating a response with status code 420 (Bad Extension)" — but Require is ignored in
 * ACK and CANCEL (§8.2.2.3).
 */
function checkRequire(req: SipRequest, opts: ValidateOptions): RequestProblem | undefined {
  if (req.method === 'ACK' || req.method === 'CANCEL') return undefined;
  const required = req.headers.getAll('require');
  const supported = opts.supported ?? [];
  const unsupported = required.filter((t) => !supported.includes(t));
  if (unsupported.length > 0) return { status: 420, reason: 'Bad Extension', unsupported };
  return undefined;
}
