import { HOST, IPV6 } from './char-classes.ts';
import { Scanner, formatParams } from './scanner.ts';
import { SipParseError } from './sip-parse-error.ts';
import { formatHost } from './uri.ts';

/**
 * One via-parm (RFC 3261 §20.42): `SIP/2.0/<transport> <host>[:port] *(;param)`. `transport` is
 * upper-cased, `host` is an IPv6 address without brackets, parameter names are lower-cased
 * (`rport` without a value maps to null).
 */
export interface Via {
  transport: string;
  host: string;
  port?: number;
  params: Map<string, string | null>;
}

/** Parses one via-parm (one element of a comma-joined Via value). Throws SipParseError. */
export function parseVia(text: string): Via {
  if (text.length === 0) throw new SipParseError('Bad Via: empty element');
  const sc = new Scanner(text, 'Via');
  sc.ws();
  // sent-protocol = protocol-name SLASH protocol-version SLASH transport (SLASH = SWS "/" SWS)
  const name = sc.token();
  sc.expect('/');
  const version = sc.token();
  sc.expect('/');
  const transport = sc.token().toUpperCase();
  if (name.toUpperCase() !== 'SIP' || version !== '2.0') sc.fail('protocol');
  if (!sc.ws()) sc.fail('expected whitespace');
  const via: Via = { transport, host: '', params: new Map() };
  if (sc.peek() === 91) {
    sc.pos++;
    via.host = sc.run(IPV6, 'IPv6 address');
    if (sc.peek() !== 93 || !via.host.includes(':')) sc.fail('IPv6 reference');
    sc.pos++;
  } else {
    via.host = sc.run(HOST, 'host');
  }
  sc.ws();
  if (sc.peek() === 58) {
    sc.pos++;
    sc.ws();
    via.port = sc.digits(65535);
  }
  sc.params(via.params);
  return via;
}

export function formatVia(v: Via): string {
  const port = v.port === undefined ? '' : `:${v.port}`;
  return `SIP/2.0/${v.transport} ${formatHost(v.host)}${port}${formatParams(v.params)}`;
}

export function cloneVia(v: Via): Via {
  const out: Via = { transport: v.transport, host: v.host, params: new Map(v.params) };
  if (v.port !== undefined) out.port = v.port;
  return out;
}
