/**
 * An inbound 400-number call from its start: its events, the number's refusal, the caller's media
 * anchored — then its driver. By default that is the number's plan, a driver on the call's verbs
 * written here: the pre-dial flow (early media or an answer), the tenant's ringback, the dial step
 * (the caller hears 180/183 as phones ring), the bridge to the phone that answers, voicemail or
 * the worst failure when none does. After the pre-dial flow, the route decision (`handoff`) or the
 * flow's result may instead hand the call to a driver by name (`DriverHandoff`, resolved through
 * the `CallDriverRegistry` the platform fills: the ACD's queues …).
 */
import type { SipResponse } from '../sip/message/message.ts';
import type { MediaEndpoint } from '../media/media-engine.ts';
import type { Call } from './call.ts';
import type { CallerFinal } from './call-outcome.ts';
import type { CallFlowContext, PreDialResult } from './ports.ts';
import type { DialTarget } from './call-router.ts';
import type { DriverHandoff } from './call-driver.ts';
import type { DialAttempt } from './dial.ts';
import { CallVerbError, throwIfAborted } from './call-verb-error.ts';
import type { VerbOptions } from './call-control.ts';
import { dialStep } from './call-ring.ts';
import { runDriver } from './call-handoff.ts';
import { announceThenReject } from './refusal-announcement.ts';
import { endpointOptions, watchDtmf, watchMedia } from './call-media.ts';

export async function startRoutedCall(call: Call): Promise<void> {
  const { inbound, plan } = call;
  if (!inbound) throw new Error('a routed call starts with its inbound leg');
  const callerNumber = call.deps.caller?.number ?? call.callerNumber;
  const username = call.deps.caller?.username;
  call.report.legCreated(inbound.id, 'inbound', username ? { kind: 'sip', username } : { kind: 'pstn', number: callerNumber });
  const refusal = plan.refusal;
  if (refusal) {
    // R3/R6: refused by the number's policy before anything rings; the record keeps why.
    const announcement = call.deps.refusalAnnouncements?.(refusal.outcome);
    if (announcement) {
      // The caller hears why over early media first; a CANCEL meanwhile is the caller's end.
      const cancelled = await announceThenReject(call.deps, inbound, announcement, refusal.status, refusal.reason);
      const final = cancelled ? { status: 487, reason: 'Request Terminated', endedBy: 'caller' as const } : { status: refusal.status, reason: refusal.reason, endedBy: 'platform' as const };
      return call.end({ outcome: refusal.outcome, ...final });
    }
    inbound.reject(refusal.status, refusal.reason);
    return call.end({ outcome: refusal.outcome, status: refusal.status, reason: refusal.reason, endedBy: 'platform' });
  }
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
    call.caller = call.addLeg({ id: inbound.id, sip: inbound, media: made.endpoint, offered: 'sendrecv' });
    watchMedia(call, made.endpoint);
    watchDtmf(call, made.endpoint, inbound.id);
    call.callerAnswerSdp = made.sdp;
  } catch (err) {
    // RFC 3261 §13.3.1: an offer we cannot accept gets 488 Not Acceptable Here.
    const status = (err as { code?: string }).code === 'ports-exhausted' ? 503 : 488;
    inbound.reject(status, status === 503 ? 'Media Resources Exhausted' : 'Not Acceptable Here');
    return call.end({ outcome: 'failed', status, reason: 'media setup failed', endedBy: 'platform' });
  }
  await driveByPlan(call, call.caller.media);
}

/** The number's plan as a driver: flow, ringback, the dial step, the bridge. */
async function driveByPlan(call: Call, callerMedia: MediaEndpoint): Promise<void> {
  const next = await runFlow(call, callerMedia);
  if (!next) return;
  if (next.kind === 'driver') return runDriver(call, next);
  const { plan } = call;
  const inbound = call.inbound;
  if (!inbound) return;
  if (plan.handoff) return runDriver(call, plan.handoff);
  const ringback = call.deps.flow?.ringback;
  if (ringback) {
    // R9: the tenant's audio as early media until a phone answers (the bridge ends the play).
    await call.answer('caller', { early: true }).catch(call.verbFailed);
    call.play('caller', ringback, { loop: true }).catch(call.verbFailed);
  }
  const inboundMf = inbound.invite.headers.maxForwards() ?? 70;
  const r = await dialStep(call, {
    targets: next.targets,
    strategy: plan.strategy,
    ringTimeoutMs: plan.ringTimeoutMs,
    ...(plan.forwarding ? { forwarding: plan.forwarding } : {}),
    callerNumber: call.callerNumber,
    ...(plan.pstnCallerId ? { pstnCallerId: plan.pstnCallerId } : {}),
    maxForwards: Math.max(1, inboundMf - 1),
  }).catch((err: unknown) => {
    if (err instanceof CallVerbError && err.code === 'refused') return { kind: 'unusable' } as const;
    throw err;
  });
  switch (r.kind) {
    case 'answered':
      try {
        return await call.bridge('caller', r.legId);
      } catch (err) {
        if (!(err instanceof CallVerbError) || call.is('ended')) return;
        call.hangUpLeg(r.legId).catch(call.verbFailed);
        return callerSdpUnusable(call);
      }
    case 'unusable':
      return callerSdpUnusable(call);
    case 'failed':
      if (call.state !== 'dialing') return;
      inbound.reject(r.final.status, r.final.reason);
      return call.end({ outcome: r.final.outcome, status: r.final.status, reason: r.final.reason, endedBy: 'callee' });
    case 'voicemail':
      if (call.state !== 'voicemail') return;
      inbound.hangup();
      return call.end({ ...r.final, endedBy: 'platform' });
    case 'aborted':
      return;
  }
}

/** The phone answered with SDP we cannot use: the call cannot carry audio. */
function callerSdpUnusable(call: Call): Promise<void> {
  call.inbound?.reject(488, 'Not Acceptable Here');
  return call.end({ outcome: 'failed', status: 488, reason: 'callee SDP not usable', endedBy: 'platform' });
}

/** The number's pre-dial flow: the phones to ring (or a driver to hand to), undefined when the call ended or was refused. */
async function runFlow(call: Call, callerMedia: MediaEndpoint): Promise<{ kind: 'dial'; targets: DialTarget[] } | ({ kind: 'driver' } & DriverHandoff) | undefined> {
  const flow = call.deps.flow;
  const dialAll: PreDialResult = { kind: 'dial' };
  const r = flow?.preDial ? await flow.preDial(flowContext(call, callerMedia), call.plan.targets).catch(() => dialAll) : dialAll;
  if (call.state !== 'setup') return undefined; // the caller hung up during the flow
  if (r.kind === 'refuse') {
    call.inbound?.reject(r.status, r.reason);
    await call.end({ outcome: r.outcome, status: r.status, reason: r.reason, endedBy: 'platform' });
    return undefined;
  }
  if (r.kind === 'driver') return r;
  return { kind: 'dial', targets: r.targets ?? call.plan.targets };
}

function flowContext(call: Call, media: MediaEndpoint): CallFlowContext {
  return {
    callId: call.id,
    media,
    signal: call.lifetime.signal,
    earlyMedia: () => void call.answer('caller', { early: true }).catch(call.verbFailed),
    answer: () => void call.answer('caller').catch(call.verbFailed),
  };
}

/** R13: nobody answered and the number takes messages: voicemail has the caller. */
export function startVoicemail(call: Call, final: CallerFinal): Promise<void> | undefined {
  const voicemail = call.deps.flow?.voicemail;
  if (!voicemail || !call.caller || !call.step('voicemail')) return undefined;
  call.unbridgedFinal = final;
  return voicemail(flowContext(call, call.caller.media));
}

/** C4: a driver sends the caller to the number's voicemail (a queue's overflow); false when the number takes no messages. */
export async function takeMessage(call: Call, opts: VerbOptions): Promise<boolean> {
  throwIfAborted(opts.signal);
  const voicemail = call.deps.flow?.voicemail;
  if (!voicemail || !call.caller) return false;
  if (!call.step('voicemail')) throw new CallVerbError('bad-state', `no voicemail while the call is ${call.state}`);
  await voicemail({ ...flowContext(call, call.caller.media), signal: call.verbSignal(opts.signal) });
  return true;
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
        call.inbound?.provisional(183, 'Session Progress', call.callerAnswerSdp);
      } catch {
        call.inbound?.provisional(180, 'Ringing');
      }
    })();
    return;
  }
  call.inbound?.provisional(180, 'Ringing');
}
