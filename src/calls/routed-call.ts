/**
 * The path of an inbound 400-number call routed by its number's plan: anchor the caller's media,
 * run the number's pre-dial flow and ringback, ring the plan's phones through the dial step
 * (180/183 to the caller as they ring), bridge the phone that answers, or voicemail / the worst
 * failure when none does.
 */
import type { SipResponse } from '../sip/message/message.ts';
import type { MediaEndpoint } from '../media/media-engine.ts';
import type { Call } from './call.ts';
import type { CallerFinal } from './call-outcome.ts';
import type { CallFlowContext, PreDialResult } from './ports.ts';
import type { DialTarget } from './call-router.ts';
import { Dial } from './dial.ts';
import type { DialAttempt, DialResult } from './dial.ts';
import { endpointOptions, startRecording, watchDtmf, watchMedia } from './call-media.ts';

export async function startRoutedCall(call: Call): Promise<void> {
  const { inbound, plan } = call;
  const callerNumber = call.deps.caller?.number ?? call.callerNumber;
  const username = call.deps.caller?.username;
  call.report.callCreated({ direction: 'inbound', number400: plan.number400, callerNumber });
  call.report.legCreated(inbound.id, 'inbound', username ? { kind: 'sip', username } : { kind: 'pstn', number: callerNumber });
  const refusal = plan.refusal;
  if (refusal) {
    // R3/R6: refused by the number's policy before anything rings; the record keeps why.
    inbound.reject(refusal.status, refusal.reason);
    return call.end({ outcome: refusal.outcome, status: refusal.status, reason: refusal.reason, endedBy: 'platform' });
  }
  let callerMedia: MediaEndpoint;
  try {
    // One request to the engine for the endpoint and its answer (it may live in another thread);
    // for a late-offer INVITE, our offer (it goes in the 2xx; the answer comes in the ACK).
    const offer = inbound.invite.body.toString('utf8');
    const sdpStep = inbound.lateOffer ? ({ kind: 'offer' } as const) : ({ kind: 'answer', offer } as const);
    const made = await call.deps.media.createEndpointWithSdp(sdpStep, endpointOptions(call, 'caller', inbound.tx.source.address));
    if (call.state !== 'setup') {
      // Cancelled while media was set up: end() has run already.
      call.background(made.endpoint.destroy());
      return;
    }
    callerMedia = made.endpoint;
    call.caller = { id: inbound.id, sip: inbound, media: made.endpoint, offered: 'sendrecv' };
    watchMedia(call, made.endpoint);
    watchDtmf(call, made.endpoint, inbound.id);
    call.callerAnswerSdp = made.sdp;
  } catch (err) {
    // RFC 3261 §13.3.1: an offer we cannot accept gets 488 Not Acceptable Here.
    const status = (err as { code?: string }).code === 'ports-exhausted' ? 503 : 488;
    inbound.reject(status, status === 503 ? 'Media Resources Exhausted' : 'Not Acceptable Here');
    return call.end({ outcome: 'failed', status, reason: 'media setup failed', endedBy: 'platform' });
  }
  const targets = await runFlow(call, callerMedia);
  if (!targets || !call.step('dial')) return;
  const inboundMf = inbound.invite.headers.maxForwards() ?? 70;
  call.dial = new Dial(call, {
    targets,
    strategy: plan.strategy,
    ringTimeoutMs: plan.ringTimeoutMs,
    ...(plan.forwarding ? { forwarding: plan.forwarding } : {}),
    callerNumber: call.callerNumber,
    ...(plan.pstnCallerId ? { pstnCallerId: plan.pstnCallerId } : {}),
    maxForwards: Math.max(1, inboundMf - 1),
  });
  afterDial(call, await call.dial.run(call.lifetime.signal));
}

/** The number's pre-dial flow, then its ringback; the phones to ring, or undefined when the call ended or was refused. */
async function runFlow(call: Call, callerMedia: MediaEndpoint): Promise<DialTarget[] | undefined> {
  const flow = call.deps.flow;
  const dialAll: PreDialResult = { kind: 'dial' };
  const r = flow?.preDial ? await flow.preDial(flowContext(call, callerMedia), call.plan.targets).catch(() => dialAll) : dialAll;
  if (call.state !== 'setup') return undefined; // the caller hung up during the flow
  if (r.kind === 'refuse') {
    call.inbound.reject(r.status, r.reason);
    await call.end({ outcome: r.outcome, status: r.status, reason: r.reason, endedBy: 'platform' });
    return undefined;
  }
  if (flow?.ringback) {
    // R9: the tenant's audio as early media until a phone answers (connect() ends the play).
    call.inbound.provisional(183, 'Session Progress', call.callerAnswerSdp);
    void callerMedia.play(flow.ringback, { loop: true, signal: call.lifetime.signal }).catch(() => undefined);
  }
  return r.targets ?? call.plan.targets;
}

function flowContext(call: Call, media: MediaEndpoint): CallFlowContext {
  return {
    callId: call.id,
    media,
    signal: call.lifetime.signal,
    earlyMedia: () => call.inbound.provisional(183, 'Session Progress', call.callerAnswerSdp),
    answer: () => call.inbound.answer(call.callerAnswerSdp),
  };
}

function afterDial(call: Call, r: DialResult): void {
  switch (r.kind) {
    case 'answered':
      return bridgeAnswered(call, r.attempt, r.res);
    case 'failed':
      if (call.state !== 'dialing') return;
      call.inbound.reject(r.final.status, r.final.reason);
      void call.end({ outcome: r.final.outcome, status: r.final.status, reason: r.final.reason, endedBy: 'callee' });
      return;
    case 'voicemail':
      if (call.state !== 'voicemail') return;
      call.inbound.hangup();
      void call.end({ ...r.final, endedBy: 'platform' });
      return;
    case 'aborted':
      return;
  }
}

/** R13: nobody answered and the number takes messages: voicemail has the caller. */
export function startVoicemail(call: Call, final: CallerFinal): Promise<void> | undefined {
  const voicemail = call.deps.flow?.voicemail;
  if (!voicemail || !call.caller || !call.step('voicemail')) return undefined;
  call.voicemailFinal = final;
  return voicemail(flowContext(call, call.caller.media));
}

/** A phone of the dial step rings: the caller hears 180, its early media (183), or the tenant's ringback. */
export function phoneRinging(call: Call, a: DialAttempt, res: SipResponse): void {
  if (call.state !== 'dialing') return;
  call.report.legProgressed(a.leg.id, res.body.length > 0 ? 'early_media' : 'ringing');
  if (call.deps.flow?.ringback) return; // R9: the caller hears the tenant's ringback instead
  const callerMedia = call.caller?.media;
  if (res.body.length > 0 && !call.earlyMedia && callerMedia) {
    // Early media (183 with SDP): the caller hears the phone's own ringback or 彩铃.
    call.earlyMedia = a.media;
    void (async () => {
      try {
        await a.media.setRemoteAnswer(res.body.toString('utf8'));
        await callerMedia.connect(a.media);
        call.inbound.provisional(183, 'Session Progress', call.callerAnswerSdp);
      } catch {
        call.inbound.provisional(180, 'Ringing');
      }
    })();
    return;
  }
  call.inbound.provisional(180, 'Ringing');
}

/** A phone answered: its leg joins the call, bridged to the caller, who is answered. */
function bridgeAnswered(call: Call, a: DialAttempt, res: SipResponse): void {
  const caller = call.caller;
  if (!caller || !call.step('answer')) {
    a.leg.hangup();
    call.background(a.media.destroy());
    return;
  }
  call.callee = { id: a.leg.id, sip: a.leg, media: a.media, offered: 'sendrecv' };
  call.report.legProgressed(a.leg.id, 'answered');
  const heardEarly = call.earlyMedia === a.media;
  call.earlyMedia = undefined;
  void (async () => {
    try {
      if (!heardEarly) await a.media.setRemoteAnswer(res.body.toString('utf8'));
      else await a.media.setRemoteAnswer(res.body.toString('utf8')).catch(() => undefined);
      await caller.media.connect(a.media);
    } catch {
      // The phone answered with SDP we cannot use: the call cannot carry audio.
      a.leg.hangup();
      call.inbound.reject(488, 'Not Acceptable Here');
      return call.end({ outcome: 'failed', status: 488, reason: 'callee SDP not usable', endedBy: 'platform' });
    }
    call.answeredAt = call.now();
    call.inbound.answer(call.callerAnswerSdp);
    call.report.legProgressed(call.inbound.id, 'answered');
    call.report.bridged([call.inbound.id, a.leg.id], 'dialing', 'answered');
    call.deps.onAnswered?.(call, { answeredAt: call.answeredAt, answeringNumber: a.leg.spec.answeringNumber, answeringKind: a.target.kind, attempts: [...(call.dial?.log ?? [])] });
    await startRecording(call, caller.media, a.media);
  })();
}
