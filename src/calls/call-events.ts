/**
 * What happens to a call, as typed events. `calls/` emits them through a `CallEventSink` and knows
 * nothing of who listens: the bus (src/events) stamps each with its envelope (id, time, per-tenant
 * seq) and hands it to live state, the browser feed and webhooks. Every event names its tenant and
 * call; leg events name their leg; state changes carry the previous and the current state.
 * The shapes are documented, one by one, in docs/events.md: change both together.
 *
 * A few are also durable (`DurableCallFacts`): the call record and what follows its close
 * subscribe to them on the bus, awaited, with the record's facts beside the event.
 */
import type { AttemptStart, CallAnswer, CallRecordEnd, CallRecordStart } from '../cdr/call-record.ts';

/** The call's states as the events report them. */
export type CallEventState = 'setup' | 'dialing' | 'voicemail' | 'answered' | 'held' | 'transferring' | 'consulting' | 'conferenced' | 'ended';

/** A leg's states as the events report them (an inbound leg starts at 'offering', an outbound one at 'calling'). */
export type LegEventState = 'offering' | 'calling' | 'ringing' | 'early_media' | 'answered' | 'held' | 'ended';

/** Who is at the end of a leg: a phone number (PSTN, E.164 where it parsed) or a SIP user of the tenant. */
export type LegParty = { kind: 'pstn'; number: string } | { kind: 'sip'; username: string };

/** How a leg ended: the attempt's result as the call record keeps it, or 'hangup' for a talking leg. */
/** `transferred`: the leg moved to another call (an attended transfer joined two calls); it goes on there. */
export type LegEndReason = 'answered' | 'busy' | 'no_answer' | 'failed' | 'cancelled' | 'hangup' | 'transferred';

interface CallScoped {
  tenantId: string;
  callId: string;
}

interface LegScoped extends CallScoped {
  legId: string;
}

interface LegChange extends LegScoped {
  previous: LegEventState;
  state: LegEventState;
}

export interface CallCreated extends CallScoped {
  type: 'call.created';
  direction: 'inbound' | 'outbound';
  /** The 400 number called (inbound calls). */
  number400?: string;
  /** The caller's number as the record has it. */
  callerNumber: string;
  state: 'setup';
}

export interface LegCreated extends LegScoped {
  type: 'leg.created';
  direction: 'inbound' | 'outbound';
  party: LegParty;
  state: 'offering' | 'calling';
}

/** A leg moved on towards talking: its phone rings, plays early media (183 with SDP), or answered. */
export interface LegProgressed extends LegChange {
  type: 'leg.ringing' | 'leg.early_media' | 'leg.answered';
}

export interface CallBridged extends CallScoped {
  type: 'call.bridged';
  /** The two legs whose audio is now joined. */
  legIds: [string, string];
  previous: CallEventState;
  state: CallEventState;
}

export interface CallUnbridged extends CallScoped {
  type: 'call.unbridged';
  legIds: [string, string];
}

export interface LegHeld extends LegChange {
  type: 'leg.held';
  /** The leg whose party put this one on hold (a phone's re-INVITE), absent when the platform did. */
  byLegId?: string;
}

export interface LegUnheld extends LegChange {
  type: 'leg.unheld';
  byLegId?: string;
}

export interface CallTransferred extends LegScoped {
  type: 'call.transferred';
  /** Where the leg's party was transferred to: a phone, or a driver by name (`queue`: the ACD took the caller; its `queue.entered` says which queue). */
  to: LegParty | { kind: 'driver'; driver: string };
  kind: 'blind' | 'attended';
}

/**
 * How a leg takes part in the call's conference: `barge` hears everyone and is heard by everyone
 * (a three-way's third party, a supervisor barging in), `listen` hears everyone and is heard by
 * nobody, `whisper` hears everyone and is heard by the answering phone (the agent) only.
 */
export type ConferenceRoleName = 'listen' | 'whisper' | 'barge';

/** The call's legs are now mixed in a conference (`state: "conferenced"`), or no longer (`previous: "conferenced"`). */
export interface CallConferenced extends CallScoped {
  type: 'call.conferenced';
  /** Every leg in the conference (when it started), or the two legs bridged again (when it ended). */
  legIds: string[];
  previous: CallEventState;
  state: CallEventState;
}

/** A leg joined the conference with a role or switched roles (without a gap in its audio). */
export interface LegRoleChanged extends LegScoped {
  type: 'leg.role_changed';
  previousRole: ConferenceRoleName | null;
  role: ConferenceRoleName;
}

export interface DtmfPressed extends LegScoped {
  type: 'dtmf';
  digit: string;
  durationMs: number;
  source: 'rfc4733' | 'info' | 'inband';
}

export interface RecordingChange extends CallScoped {
  type: 'recording.started' | 'recording.paused' | 'recording.resumed' | 'recording.stopped';
}

export interface LegEnded extends LegChange {
  type: 'leg.ended';
  reason: LegEndReason;
  /** The final SIP status the leg's attempt got, when it got one. */
  sipStatus: number | null;
}

export interface CallEnded extends CallScoped {
  type: 'call.ended';
  previous: CallEventState;
  state: 'ended';
  /** As the call record has them. */
  outcome: string;
  sipStatus: number;
  reason: string;
  endedBy: 'caller' | 'callee' | 'platform';
}

export type CallEvent =
  | CallCreated
  | LegCreated
  | LegProgressed
  | CallBridged
  | CallUnbridged
  | LegHeld
  | LegUnheld
  | CallTransferred
  | CallConferenced
  | LegRoleChanged
  | DtmfPressed
  | RecordingChange
  | LegEnded
  | CallEnded;

export type CallEventType = CallEvent['type'];

/** Every call event type, in the order a call usually produces them (docs, subscriptions, validation). */
export const CALL_EVENT_TYPES: readonly CallEventType[] = [
  'call.created',
  'leg.created',
  'leg.ringing',
  'leg.early_media',
  'leg.answered',
  'call.bridged',
  'call.unbridged',
  'leg.held',
  'leg.unheld',
  'call.transferred',
  'call.conferenced',
  'leg.role_changed',
  'dtmf',
  'recording.started',
  'recording.paused',
  'recording.resumed',
  'recording.stopped',
  'leg.ended',
  'call.ended',
];

/**
 * Where a call's events go. Must not throw and must not block: the bus stamps the event and hands
 * it on later (src/events/event-bus.ts). Calls emit through a CallReporter, which contains a faulty sink.
 */
export type CallEventSink = (event: CallEvent) => void;

/**
 * What a durable subscriber (the call record, and after it missed-call alerts and cap usage) is
 * handed with a call event beyond what every subscriber sees: the record's own facts, by
 * reference (never serialised, never in the feed). Only these events are durable.
 */
export interface DurableCallFacts {
  /** The record is opened (before anything rings). */
  'call.created': CallRecordStart;
  /** An outbound attempt's leg record (written as its INVITE goes out: a crash still shows who was rung). */
  'leg.created': AttemptStart;
  /** The call's first bridge: the record's answer (written at once: a crash cannot lose the talk). */
  'call.bridged': CallAnswer;
  /** The record is closed, rated and charged; `start` is what it was opened with. */
  'call.ended': { start: CallRecordStart; end: CallRecordEnd };
}

export type DurableCallEventType = keyof DurableCallFacts;

/** A durable call event and its facts. */
export type DurableCallEvent = {
  [T in DurableCallEventType]: { type: T; event: Extract<CallEvent, { type: T }>; facts: DurableCallFacts[T] };
}[DurableCallEventType];

/**
 * Where a call's durable events go (src/events' bus): every durable subscriber, in the order they
 * subscribed, each awaited. Resolves once all have run; rejects with the first failure (the later
 * ones do not run). The caller decides what a failure means (a record that cannot be opened
 * refuses the call with 503).
 */
export type DurableCallEventSink = (durable: DurableCallEvent) => Promise<void>;
