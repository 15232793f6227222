/**
 * REFER from a phone in an answered call (RFC 3515): the phone that has the caller transfers
 * them blind to another destination. The Refer-To destination must be one the tenant's transfer
 * policy allows (TransferTargets: by default only its own SIP users — no toll fraud through
 * transfer), else 403. Accepted with 202; the implicit subscription's NOTIFYs carry the progress
 * as message/sipfrag (100 Trying, then the final status); on success the transferor is hung up.
 */
import { createResponse } from '../sip/message/create-response.ts';
import { parseNameAddr } from '../sip/message/name-addr.ts';
import type { ServerTransaction } from '../sip/endpoint/sip-endpoint-types.ts';
import { replacesInUri } from '../sip/message/replaces.ts';
import type { Replaces } from '../sip/message/replaces.ts';
import type { DialTarget } from './call-router.ts';
import { CallVerbError } from './call-verb-error.ts';
import type { InboundLeg } from './inbound-leg.ts';
import type { OutboundLeg } from './outbound-leg.ts';
import { acceptRefer } from './refer-notify.ts';

/** What the REFER handling needs of its call. */
export interface ReferHost {
  /** True when `leg` is the phone that answered the caller (the only side that may transfer). */
  isCallee(leg: InboundLeg | OutboundLeg): boolean;
  transferTarget(destination: string): Promise<DialTarget>;
  transfer(ref: 'caller', destination: DialTarget, opts: { onAnswered?: () => void }): Promise<void>;
  /** A REFER whose Refer-To carries Replaces (replaces-transfer.ts). */
  referWithReplaces(leg: InboundLeg | OutboundLeg, tx: ServerTransaction, replaces: Replaces): Promise<void>;
  /** Reports a failure nobody waits for (a NOTIFY that could not be sent). */
  verbFailed(err: unknown): void;
}

/** The user part of a Refer-To URI (a SIP user name or a number), or undefined when it has none. */
function destinationOf(referTo: string): { destination?: string; replaces?: Replaces } {
  const uri = parseNameAddr(referTo).uri;
  if (uri.kind === 'sip') {
    const replaces = replacesInUri(uri);
    return { ...(uri.user ? { destination: decodeURIComponent(uri.user) } : {}), ...(replaces ? { replaces } : {}) };
  }
  if (uri.scheme === 'tel') return { destination: uri.value.split(';')[0] ?? '' };
  return {};
}


export async function handleRefer(host: ReferHost, leg: InboundLeg | OutboundLeg, tx: ServerTransaction): Promise<void> {
  const req = tx.request;
  const referTo = req.headers.get('Refer-To');
  if (!referTo) {
    // RFC 3515 §2.4.1: "A REFER request MUST contain exactly one Refer-To header field value."
    tx.respond(createResponse(req, 400, 'Missing Refer-To'));
    return;
  }
  let parsed: ReturnType<typeof destinationOf>;
  try {
    parsed = destinationOf(referTo);
  } catch {
    tx.respond(createResponse(req, 400, 'Bad Refer-To'));
    return;
  }
  // Attended transfer (RFC 5589 §7): the phone joins its two calls through us.
  if (parsed.replaces) return host.referWithReplaces(leg, tx, parsed.replaces);
  if (!parsed.destination) {
    tx.respond(createResponse(req, 400, 'Refer-To Names Nobody'));
    return;
  }
  if (!host.isCallee(leg)) {
    tx.respond(createResponse(req, 403, 'Only The Answering Phone May Transfer'));
    return;
  }
  let target: DialTarget;
  try {
    target = await host.transferTarget(parsed.destination);
  } catch (err) {
    if (!(err instanceof CallVerbError)) throw err;
    tx.respond(createResponse(req, 403, 'Transfer Not Allowed'));
    return;
  }
  const notify = acceptRefer(leg, tx, host.verbFailed);
  try {
    await host.transfer('caller', target, { onAnswered: () => notify(200, 'OK', true) });
  } catch (err) {
    if (!(err instanceof CallVerbError)) throw err;
    const status = err.code === 'refused' ? Number(/^(\d{3}) /.exec(err.message)?.[1] ?? 480) : err.code === 'forbidden' ? 403 : 487;
    notify(status, err.code === 'refused' ? 'Transfer Failed' : 'Request Terminated', true);
  }
}
