import { SipHeaders } from './sip-headers.ts';
import type { Uri } from './uri.ts';

const EMPTY = Buffer.alloc(0);

/** A SIP request (RFC 3261 §7.1). The body is passed through untouched (multipart included). */
export class SipRequest {
  readonly kind = 'request' as const;
  method: string;
  uri: Uri;
  headers: SipHeaders;
  body: Buffer;

  constructor(method: string, uri: Uri, headers: SipHeaders = new SipHeaders(), body: Buffer = EMPTY) {
    this.method = method;
    this.uri = uri;
    this.headers = headers;
    this.body = body;
  }
}

/** A SIP response (RFC 3261 §7.2). */
export class SipResponse {
  readonly kind = 'response' as const;
  status: number;
  reason: string;
  headers: SipHeaders;
  body: Buffer;

  constructor(status: number, reason: string, headers: SipHeaders = new SipHeaders(), body: Buffer = EMPTY) {
    this.status = status;
    this.reason = reason;
    this.headers = headers;
    this.body = body;
  }
}

export type SipMessage = SipRequest | SipResponse;
