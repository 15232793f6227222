/**
 * Requests inside an answered call other than BYE: re-INVITE/UPDATE offers are passed through to
 * the other leg (hold and unhold reach the far phone), SIP INFO digits go to the media engine.
 */
import { createResponse } from '../sip/message/create-response.ts';
import type { ServerTransaction } from '../sip/endpoint/sip-endpoint-types.ts';
import { parseSipInfoDtmf } from '../media/dtmf/sip-info-dtmf.ts';
import { DtmfError } from '../media/dtmf/dtmf-error.ts';
import type { Call } from './call.ts';
import type { InboundLeg } from './inbound-leg.ts';
import type { OutboundLeg } from './outbound-leg.ts';
import { offeredDirection } from './sdp-direction.ts';

export async function forwardInDialogRequest(call: Call, leg: InboundLeg | OutboundLeg, tx: ServerTransaction): Promise<void> {
  const req = tx.request;
  switch (req.method) {
    case 'OPTIONS':
      tx.respond(createResponse(req, 200));
      return;
    case 'INFO':
      return handleInfo(call, leg, tx);
    case 'INVITE':
    case 'UPDATE':
      if (req.body.length === 0) {
        if (req.method === 'INVITE') return offerInOk(call, leg, tx);
        // An offerless UPDATE (session refresh): the session stays as it is.
        tx.respond(createResponse(req, 200));
        return;
      }
      return passOffer(call, leg, tx);
    default:
      tx.respond(createResponse(req, 405));
  }
}

function handleInfo(call: Call, leg: InboundLeg | OutboundLeg, tx: ServerTransaction): void {
  const req = tx.request;
  if (req.body.length === 0) {
    tx.respond(createResponse(req, 200));
    return;
  }
  try {
    const dtmf = parseSipInfoDtmf(req.headers.contentType() ?? '', req.body.toString('utf8'));
    call.legOf(leg)?.media.injectDtmf(dtmf.digit, dtmf.durationMs, 'info');
    tx.respond(createResponse(req, 200));
  } catch (err) {
    if (!(err instanceof DtmfError)) throw err;
    // RFC 6086 §4.2: an INFO package we do not support gets 415 (media type) / 469 (package).
    tx.respond(createResponse(req, err.code === 'unsupported-type' ? 415 : 400, err.message.slice(0, 80)));
  }
}

/**
 * An offerless re-INVITE (a session refresh, or a carrier asking for the session again): RFC 3261
 * §14.2 — our offer goes in the 2xx, with the direction we last offered that leg (a hold stays a
 * hold), and the answer comes in the ACK. The exchange stays open until the ACK (or its timeout).
 */
async function offerInOk(call: Call, leg: InboundLeg | OutboundLeg, tx: ServerTransaction): Promise<void> {
  const req = tx.request;
  const mine = call.legOf(leg);
  if (!mine) {
    tx.respond(createResponse(req, 481));
    return;
  }
  if (!call.beginOfferAnswer()) {
    tx.respond(createResponse(req, 491));
    return;
  }
  try {
    const offer = await mine.media.createOffer({ direction: mine.offered });
    leg.expectAnswerInAck((sdp) => {
      call.endOfferAnswer();
      if (sdp) mine.media.setRemoteAnswer(sdp).catch(() => undefined);
    });
    tx.onAckTimeout = () => call.endOfferAnswer();
    const ok = createResponse(req, 200);
    ok.headers.set('Content-Type', 'application/sdp');
    ok.headers.setContact([leg.contact]);
    ok.body = Buffer.from(offer);
    tx.respond(ok);
  } catch {
    call.endOfferAnswer();
    tx.respond(createResponse(req, 488));
  }
}

async function passOffer(call: Call, leg: InboundLeg | OutboundLeg, tx: ServerTransaction): Promise<void> {
  const req = tx.request;
  const mine = call.legOf(leg)?.media;
  const otherLeg = call.otherLegOf(leg);
  if (!mine || !otherLeg) {
    tx.respond(createResponse(req, 481));
    return;
  }
  const { sip: other, media: theirs } = otherLeg;
  const direction = offeredDirection(req.body.toString('utf8'));
  if (!call.beginOfferAnswer()) {
    // §14.1: a UAS that receives a re-INVITE while its own is pending "MUST return a 491".
    tx.respond(createResponse(req, 491));
    return;
  }
  try {
    const offer = req.body.toString('utf8');
    const answer = await mine.setRemoteOffer(offer);
    const reOffer = await theirs.createOffer({ direction });
    const res = await other.reinvite(reOffer);
    if (res.status >= 200 && res.status < 300) {
      await theirs.setRemoteAnswer(res.body.toString('utf8'));
      otherLeg.offered = direction;
      const ok = createResponse(req, 200);
      ok.headers.set('Content-Type', 'application/sdp');
      ok.headers.setContact([leg.contact]);
      ok.body = Buffer.from(answer);
      tx.respond(ok);
      call.directionChanged(leg, direction);
    } else {
      tx.respond(createResponse(req, res.status >= 400 ? res.status : 500, res.reason));
    }
  } catch {
    tx.respond(createResponse(req, 488));
  } finally {
    call.endOfferAnswer();
  }
}

