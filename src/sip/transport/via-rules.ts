// RFC 3261 §18.2.1 (received) and RFC 3581 §4 (rport) on an incoming request's top Via, and the
// §18.2.2 / RFC 3581 §4 choice of where a response goes.
import type { SipRequest, SipResponse } from '../message/message.ts';
import type { Source } from './address.ts';

/**
 * §18.2.1: "If the host portion of the "sent-by" parameter contains a domain name, or if it
 * contains an IP address that differs from the packet source address, the server MUST add a
 * "received" parameter to that Via header field value."
 * RFC 3581 §4: "If this Via header field value contains an "rport" parameter with no value, it
 * MUST set the value of the parameter to the source port of the request. ... the server MUST insert
 * a "received" parameter containing the source IP address that the request came from, even if it is
 * identical to the value of the sent-by component." `forceRport` treats every request as asking.
 */
export function stampReceived(req: SipRequest, source: Source, forceRport: boolean): void {
  const vias = req.headers.via();
  const top = vias[0];
  if (top === undefined) return;
  let changed = false;
  const rport = top.params.get('rport');
  if ((top.params.has('rport') && rport === null) || (forceRport && rport !== String(source.port))) {
    top.params.set('rport', String(source.port));
    top.params.set('received', source.address);
    changed = true;
  } else if (!sameHost(top.host, source.address) && top.params.get('received') !== source.address) {
    top.params.set('received', source.address);
    changed = true;
  }
  if (changed) req.headers.setVia(vias);
}

function sameHost(viaHost: string, address: string): boolean {
  const a = viaHost.toLowerCase();
  const b = address.toLowerCase();
  return a === b || b === `::ffff:${a}`;
}

export interface ResponseDestination {
  host: string;
  port: number;
}

/**
 * §18.2.2 for the unreliable case and for a reliable one whose connection is gone: "if the top Via
 * has a "received" parameter, the response MUST be sent to the address in the "received"
 * parameter, using the port indicated in the "sent-by" value, or using port 5060 if none is
 * specified explicitly." RFC 3581 §4: "the response MUST be sent to the IP address listed in the
 * "received" parameter, and the port in the "rport" parameter." A "maddr" is honoured (unicast).
 * Over TCP a new connection goes to the sent-by port (§18.2.2: "using the port in the "sent-by"
 * value"): an rport there is the client's ephemeral source port, which does not accept connections.
 * Undefined when the response has no usable top Via.
 */
export function responseDestination(res: SipResponse, reliable = false): ResponseDestination | undefined {
  let top;
  try {
    top = res.headers.via()[0];
  } catch {
    return undefined;
  }
  if (top === undefined) return undefined;
  const maddr = top.params.get('maddr');
  const received = top.params.get('received');
  const rport = top.params.get('rport');
  const port = !reliable && typeof rport === 'string' && /^\d{1,5}$/.test(rport) ? Number(rport) : (top.port ?? 5060);
  if (typeof maddr === 'string' && maddr.length > 0) return { host: maddr, port: top.port ?? 5060 };
  return { host: typeof received === 'string' && received.length > 0 ? received : top.host, port };
}
