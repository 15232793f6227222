/**
 * Consult, then complete or cancel (verbs of an answered call; the API's and the desk's): the
 * caller is held with music while the answering phone (the agent) hears ringback and then talks to
 * a second phone. Complete is the attended transfer — the caller is bridged to the consulted phone
 * and the agent leaves; cancel hangs up the consulted phone (or stops it ringing) and gives the
 * caller back to the agent. Where the second phone may be is the tenant's transfer policy.
 *
 * What the parties do meanwhile: the consulted phone hanging up (or not answering) is a cancel;
 * the agent hanging up once the consulted phone answered completes the transfer (as a desk phone's
 * "transfer on hang-up"), and while it still rings lets it ring on: it answers → completed, it
 * does not → nobody is left for the caller and the call ends; the caller hanging up ends the call.
 */
import type { Call } from './call.ts';
import type { DialTarget } from './call-router.ts';
import type { VerbOptions } from './call-control.ts';
import { CallVerbError, throwIfAborted } from './call-verb-error.ts';
import { DEFAULT_HOLD_MUSIC } from './hold-music.ts';
import { unholdLeg } from './call-hold.ts';
import { transferTarget } from './call-transfer.ts';
import { dropPartyLeg, ringThirdParty } from './ring-third-party.ts';
import type { PartyLeg } from './ring-third-party.ts';
import { q850Reason } from './q850.ts';

/** A consult under way (the call is `consulting`): the ringing it may cancel, then the consulted leg. */
export interface Consultation {
  readonly ringing: AbortController;
  /** Settles when consult() has finished ringing and set the call right (answered, or back with the agent). */
  settled: Promise<void>;
  leg: PartyLeg | undefined;
}

export async function consult(call: Call, destination: string | DialTarget, opts: VerbOptions = {}): Promise<void> {
  const caller = call.caller;
  const agent = call.callee;
  if (!caller || !agent) throw new CallVerbError('bad-state', 'only an answered 400-number call can consult');
  if (call.state !== 'answered') throw new CallVerbError('bad-state', `cannot consult on a call that is ${call.state}`);
  const target = typeof destination === 'string' ? await transferTarget(call, destination) : destination;
  throwIfAborted(opts.signal);
  if (!call.beginOfferAnswer()) throw new CallVerbError('busy', 'an offer/answer exchange is under way');
  try {
    await call.reoffer(caller, 'sendonly');
  } finally {
    call.endOfferAnswer();
  }
  if (!call.step('consult')) throw new CallVerbError('bad-state', `the call became ${call.state}`);
  const music = new AbortController();
  call.held = { leg: caller, music };
  call.report.legHeld(caller.id, true);
  await caller.media.disconnect();
  void caller.media.play(DEFAULT_HOLD_MUSIC, { loop: true, signal: music.signal }).catch((err: unknown) => call.deps.onError?.(err));
  const ringback = new AbortController();
  void agent.media.play({ kind: 'tone', tone: 'ringback' }, { loop: true, signal: ringback.signal }).catch((err: unknown) => call.deps.onError?.(err));
  let settle = (): void => undefined;
  const consultation: Consultation = { ringing: new AbortController(), settled: new Promise<void>((r) => (settle = r)), leg: undefined };
  call.consultation = consultation;
  try {
    const signals = [call.lifetime.signal, consultation.ringing.signal, ...(opts.signal ? [opts.signal] : [])];
    let leg: PartyLeg;
    try {
      leg = await ringThirdParty(call, target, AbortSignal.any(signals));
    } catch (err) {
      ringback.abort();
      await consultFailed(call);
      throw err;
    }
    ringback.abort();
    if (!call.is('consulting')) {
      dropPartyLeg(call, leg, true);
      throw new CallVerbError('aborted', 'the call ended during the consult');
    }
    consultation.leg = leg;
    await agent.media.connect(leg.media);
    call.report.bridged([agent.id, leg.id], 'consulting', 'consulting');
    // The agent hung up while it rang: the consulted phone gets the caller.
    if (agent.sip.state === 'ended') await completeConsult(call);
  } finally {
    settle();
  }
}

/** Nobody answered the consult (or it was cancelled while ringing): the caller goes back to the agent. */
async function consultFailed(call: Call): Promise<void> {
  call.consultation = undefined;
  if (!call.is('consulting') || !call.step('consult-end')) return;
  if (call.callee?.sip.state === 'ended') {
    // The agent had hung up, waiting for the transfer to complete: nobody is left for the caller.
    await call.hangUpAnswered('transfer failed');
    return;
  }
  await unholdLeg(call).catch((err: unknown) => call.deps.onError?.(err));
}

/** The attended transfer: the held caller talks to the consulted phone, the agent leaves (BYE). */
export async function completeConsult(call: Call, opts: VerbOptions = {}): Promise<void> {
  const consultation = call.consultation;
  const leg = consultation?.leg;
  const caller = call.caller;
  const agent = call.callee;
  const held = call.held;
  if (call.state !== 'consulting' || !leg || !caller || !agent || !held) throw new CallVerbError('bad-state', call.state === 'consulting' ? 'the consulted phone has not answered' : `no consult on a call that is ${call.state}`);
  throwIfAborted(opts.signal);
  if (!call.beginOfferAnswer()) throw new CallVerbError('busy', 'an offer/answer exchange is under way');
  try {
    await call.reoffer(caller, 'sendrecv');
  } finally {
    call.endOfferAnswer();
  }
  if (!call.is('consulting') || !call.step('consult-complete')) throw new CallVerbError('bad-state', `the call became ${call.state}`);
  held.music.abort();
  call.held = undefined;
  call.consultation = undefined;
  // connect() ends the agent's bridge with the consulted phone.
  await caller.media.connect(leg.media);
  call.callee = leg;
  call.departLeg(agent);
  // The recording's answering side is now the consulted phone (right channel).
  if (call.recording) await call.recording.switchOther(leg.media).catch((err: unknown) => call.deps.onError?.(err));
  call.report.legHeld(caller.id, false);
  call.report.bridged([caller.id, leg.id], 'consulting', 'answered');
  call.report.transferred(caller.id, leg.party, 'attended');
  agent.sip.hangup(q850Reason(16));
  call.report.legEnded(agent.id, 'hangup', null);
}

/** Cancel: the consulted phone is hung up (or stops ringing), the caller is taken off hold and talks to the agent again. */
export async function cancelConsult(call: Call, opts: VerbOptions = {}): Promise<void> {
  const consultation = call.consultation;
  if (call.state !== 'consulting' || !consultation) throw new CallVerbError('bad-state', `no consult on a call that is ${call.state}`);
  throwIfAborted(opts.signal);
  if (!consultation.leg) {
    // Still ringing: consult() CANCELs it and gives the caller back.
    consultation.ringing.abort();
    await consultation.settled;
    return;
  }
  return consultEnded(call, true);
}

/** The consulted phone's part is over (cancelled, or it hung up): BYE when `bye`, then the caller goes back to the agent. */
export async function consultEnded(call: Call, bye: boolean): Promise<void> {
  const leg = call.consultation?.leg;
  if (!leg || !call.is('consulting')) return;
  call.consultation = undefined;
  dropPartyLeg(call, leg, bye);
  await consultFailed(call);
}

/**
 * A leg of a consulting call hung up (call-hangup.ts asks first): the consulted phone → the caller
 * goes back to the agent; the agent → the consulted phone gets the caller (now, or once it answers).
 * False when this is not for the consult to handle (the caller hung up: the call ends).
 */
export function consultLegHungUp(call: Call, sip: unknown): boolean {
  const consultation = call.consultation;
  if (call.state !== 'consulting' || !consultation) return false;
  if (consultation.leg?.sip === sip) {
    void consultEnded(call, false).catch((err: unknown) => call.deps.onError?.(err));
    return true;
  }
  const agent = call.callee;
  if (agent && agent.sip === sip) {
    call.report.legEnded(agent.id, 'hangup', null);
    if (consultation.leg) void completeConsult(call).catch((err: unknown) => call.deps.onError?.(err));
    return true;
  }
  return false;
}
