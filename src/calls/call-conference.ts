/**
 * Conference with roles (verbs of an answered call): a third party is rung and, once it answers,
 * the caller, the answering phone (the agent) and it are mixed in a room of the media engine
 * (MediaConference) — the caller and the agent as they were (each hears the other), the third with
 * its role: `barge` (heard by both: a three-way, a supervisor barging in), `listen` (hears both,
 * heard by nobody), `whisper` (heard by the agent only). The role switches without a gap; the
 * third party may take over (the agent leaves, it stays with the caller) or leave (the caller and
 * the agent are bridged again). Who may be rung is the tenant's transfer policy; that a
 * supervisor steps in only with their own phone is the API's rule, not the call's.
 *
 * The parties meanwhile: the third party hanging up ends the conference; the agent hanging up
 * leaves a barging third party with the caller (a three-way goes on as a call), while a listening
 * or whispering one has nobody to talk to and the call ends; the caller hanging up ends the call.
 */
import type { JoinOptions, MediaConference } from '../media/media-engine.ts';
import type { Call, CallLeg } from './call.ts';
import type { DialTarget } from './call-router.ts';
import type { ConferenceRoleName } from './call-events.ts';
import type { VerbOptions } from './call-control.ts';
import { CallVerbError, throwIfAborted } from './call-verb-error.ts';
import { transferTarget } from './call-transfer.ts';
import { dropPartyLeg, ringThirdParty } from './ring-third-party.ts';
import type { PartyLeg } from './ring-third-party.ts';
import { q850Reason } from './q850.ts';

/** The call's conference (the call is `conferenced`): the ringing it may cancel, then the room and the third party. */
export interface CallConference {
  readonly ringing: AbortController;
  role: ConferenceRoleName;
  third: PartyLeg | undefined;
  room: MediaConference | undefined;
}

export const CONFERENCE_ROLES: readonly ConferenceRoleName[] = ['listen', 'whisper', 'barge'];

function joinOptions(role: ConferenceRoleName, agent: CallLeg): JoinOptions {
  if (role === 'listen') return { role: 'listener' };
  if (role === 'whisper') return { role: 'whisper', whisperTo: agent.media };
  return { role: 'participant' };
}

export async function conference(call: Call, destination: string | DialTarget, opts: VerbOptions & { role?: ConferenceRoleName; sipOnly?: boolean } = {}): Promise<void> {
  const caller = call.caller;
  const agent = call.callee;
  const role = opts.role ?? 'barge';
  if (!caller || !agent) throw new CallVerbError('bad-state', 'only an answered 400-number call can be conferenced');
  if (call.state !== 'answered') throw new CallVerbError('bad-state', `cannot conference a call that is ${call.state}`);
  const target = typeof destination === 'string' ? await transferTarget(call, destination) : destination;
  // A supervisor's phone is a SIP user of the tenant, never a number dialled out.
  if (opts.sipOnly && target.kind !== 'sip') throw new CallVerbError('forbidden', `${typeof destination === 'string' ? destination : 'the phone'} is no registered SIP phone of this tenant`);
  throwIfAborted(opts.signal);
  if (!call.step('conference')) throw new CallVerbError('bad-state', `the call became ${call.state}`);
  // The caller and the agent go on talking while the third party rings.
  const conf: CallConference = { ringing: new AbortController(), role, third: undefined, room: undefined };
  call.conferencing = conf;
  const signals = [call.lifetime.signal, conf.ringing.signal, ...(opts.signal ? [opts.signal] : [])];
  let third: PartyLeg;
  try {
    third = await ringThirdParty(call, target, AbortSignal.any(signals));
  } catch (err) {
    if (call.conferencing === conf) call.conferencing = undefined;
    if (call.is('conferenced')) call.step('conference-end');
    throw err;
  }
  if (!call.is('conferenced') || call.conferencing !== conf) {
    dropPartyLeg(call, third, true);
    throw new CallVerbError('aborted', 'the call ended while the third party rang');
  }
  conf.third = third;
  try {
    const room = await call.deps.media.createConference({ label: `${call.id}:conference`, group: call.id });
    conf.room = room;
    await room.join(caller.media);
    await room.join(agent.media);
    await room.join(third.media, joinOptions(conf.role, agent));
  } catch (err) {
    await endConference(call).catch(call.verbFailed);
    throw new CallVerbError('refused', `the conference could not be mixed: ${(err as Error).message}`);
  }
  call.report.conferenced([caller.id, agent.id, third.id], 'answered', 'conferenced');
  call.report.roleChanged(third.id, null, conf.role);
}

/** Switches the third party between listen, whisper and barge without dropping it. */
export async function setConferenceRole(call: Call, role: ConferenceRoleName, opts: VerbOptions = {}): Promise<void> {
  const conf = call.conferencing;
  const agent = call.callee;
  if (call.state !== 'conferenced' || !conf?.third || !conf.room || !agent) throw new CallVerbError('bad-state', call.state === 'conferenced' ? 'the third party has not answered' : `no conference on a call that is ${call.state}`);
  throwIfAborted(opts.signal);
  const previous = conf.role;
  if (previous === role) return;
  await conf.room.setRole(conf.third.media, joinOptions(role, agent));
  conf.role = role;
  call.report.roleChanged(conf.third.id, previous, role);
}

/** The third party takes the agent's place: it talks to the caller alone, the agent is hung up. */
export async function takeOver(call: Call, opts: VerbOptions & { agentGone?: boolean } = {}): Promise<void> {
  const conf = call.conferencing;
  const third = conf?.third;
  const caller = call.caller;
  const agent = call.callee;
  if (call.state !== 'conferenced' || !conf || !third || !caller || !agent) throw new CallVerbError('bad-state', call.state === 'conferenced' ? 'the third party has not answered' : `no conference on a call that is ${call.state}`);
  throwIfAborted(opts.signal);
  if (!call.step('conference-end')) throw new CallVerbError('bad-state', `the call became ${call.state}`);
  call.conferencing = undefined;
  // connect() takes both out of the room; the room then has the agent only.
  await caller.media.connect(third.media);
  if (conf.room) call.background(conf.room.destroy());
  call.callee = third;
  call.departLeg(agent);
  if (call.recording) await call.recording.switchOther(third.media).catch((err: unknown) => call.deps.onError?.(err));
  call.report.conferenced([caller.id, third.id], 'conferenced', 'answered');
  if (!opts.agentGone) agent.sip.hangup(q850Reason(16));
  call.report.legEnded(agent.id, 'hangup', null);
}

/** The third party leaves (hung up by us unless it hung up itself); the caller and the agent are bridged again. */
export async function endConference(call: Call, opts: VerbOptions & { thirdGone?: boolean } = {}): Promise<void> {
  const conf = call.conferencing;
  const caller = call.caller;
  const agent = call.callee;
  if (call.state !== 'conferenced' || !conf || !caller || !agent) throw new CallVerbError('bad-state', `no conference on a call that is ${call.state}`);
  throwIfAborted(opts.signal);
  if (!conf.third) {
    // Still ringing: the ringing stops and conference() sets the call back.
    conf.ringing.abort();
    return;
  }
  if (!call.step('conference-end')) throw new CallVerbError('bad-state', `the call became ${call.state}`);
  call.conferencing = undefined;
  dropPartyLeg(call, conf.third, !opts.thirdGone);
  await caller.media.connect(agent.media);
  if (conf.room) call.background(conf.room.destroy());
  call.report.conferenced([caller.id, agent.id], 'conferenced', 'answered');
}

/**
 * A leg of a conferenced call hung up (call-hangup.ts asks first): the third party → the
 * conference ends; the agent → a barging third party takes over, a listening or whispering one
 * is not for the caller to talk to (false: the call ends). False also for the caller.
 */
export function conferenceLegHungUp(call: Call, sip: unknown): boolean {
  const conf = call.conferencing;
  if (call.state !== 'conferenced' || !conf?.third) return false;
  if (conf.third.sip === sip) {
    void endConference(call, { thirdGone: true }).catch((err: unknown) => call.deps.onError?.(err));
    return true;
  }
  if (call.callee?.sip === sip && conf.role === 'barge') {
    void takeOver(call, { agentGone: true }).catch((err: unknown) => call.deps.onError?.(err));
    return true;
  }
  return false;
}
