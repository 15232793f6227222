// What the desk knows, projected from the agent's event feed (docs/events.md): the agent's own
// ACD state (server-owned: the page never decides it), the offers out to them and the calls their
// phone is in. Pure: one message in, the next state out, so a resume or a fresh snapshot after a
// blip rebuilds the same picture.

export type AgentStateName = 'logged_out' | 'ready' | 'not_ready' | 'reserved' | 'ringing' | 'talking' | 'held' | 'wrap_up';

export type Party = { kind: 'pstn'; number: string } | { kind: 'sip'; username: string };

export interface DeskLeg {
  legId: string;
  direction: string;
  party: Party;
  state: string;
}

export interface DeskCall {
  callId: string;
  direction: string;
  number400: string | null;
  callerNumber: string | null;
  state: string;
  createdAt: string;
  answeredAt: string | null;
  recording: boolean;
  recordingPaused: boolean;
  legs: DeskLeg[];
}

export interface DeskAgent {
  state: AgentStateName;
  reason?: string;
  since: string;
  callId?: string;
  queueId?: string;
  /** Set by the server for a timed wrap-up: when the agent becomes ready by themselves. */
  wrapUpEndsAt?: string;
}

/** An offer from a queue (`queue.offered`); its screen pop is GET /api/v1/desk/offers/{token}. */
export interface DeskOffer {
  token: string;
  callId: string;
  queueId: string;
  /** When the offer reached the desk (the event's time). */
  at: string;
  waitedSeconds: number;
}

export interface DeskState {
  stream?: string;
  seq: number;
  agent?: DeskAgent;
  offers: DeskOffer[];
  calls: DeskCall[];
  /** The last call of this desk that ended (wrap-up is written on it). */
  lastEnded?: DeskCall;
}

export const EMPTY_DESK: DeskState = { seq: 0, offers: [], calls: [] };

interface LiveCallMsg {
  callId: string;
  direction: string;
  number400?: string | null;
  callerNumber?: string | null;
  state: string;
  createdAt: string;
  answeredAt?: string | null;
  recording?: boolean | string | null;
  legs?: { legId: string; direction: string; party: Party; state: string }[];
}

interface LiveAgentMsg {
  state: AgentStateName;
  reason?: string;
  since: string;
  callId?: string;
  queueId?: string;
  wrapUpEndsAt?: string;
}

/** One message of GET /api/v1/events as the desk reads it. */
export type FeedMessage =
  | { kind: 'snapshot'; stream: string; seqs: Record<string, number>; calls: LiveCallMsg[]; agents?: LiveAgentMsg[]; heartbeatMs?: number; resumeFailed?: string }
  | { kind: 'resumed'; stream: string; seqs: Record<string, number>; heartbeatMs?: number }
  | { kind: 'event'; seq: number; stream: string; time: string; type: string; data: Record<string, unknown> }
  | { kind: 'call'; call: LiveCallMsg }
  | { kind: 'heartbeat' };

function callOf(c: LiveCallMsg): DeskCall {
  return {
    callId: c.callId,
    direction: c.direction,
    number400: c.number400 ?? null,
    callerNumber: c.callerNumber ?? null,
    state: c.state,
    createdAt: c.createdAt,
    answeredAt: c.answeredAt ?? null,
    recording: c.recording !== undefined && c.recording !== null && c.recording !== false,
    recordingPaused: c.recording === 'paused',
    legs: (c.legs ?? []).map((l) => ({ legId: l.legId, direction: l.direction, party: l.party, state: l.state })),
  };
}

function agentOf(a: LiveAgentMsg): DeskAgent {
  const agent: DeskAgent = { state: a.state, since: a.since };
  if (a.reason !== undefined) agent.reason = a.reason;
  if (a.callId !== undefined) agent.callId = a.callId;
  if (a.queueId !== undefined) agent.queueId = a.queueId;
  if (a.wrapUpEndsAt !== undefined) agent.wrapUpEndsAt = a.wrapUpEndsAt;
  return agent;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function withCall(s: DeskState, callId: string, change: (c: DeskCall) => DeskCall): DeskState {
  return { ...s, calls: s.calls.map((c) => (c.callId === callId ? change(c) : c)) };
}

/** The state after one feed message. */
export function deskReducer(s: DeskState, m: FeedMessage): DeskState {
  switch (m.kind) {
    case 'snapshot': {
      const seq = Object.values(m.seqs)[0] ?? 0;
      const mine = m.agents?.[0];
      const next: DeskState = { stream: m.stream, seq, offers: [], calls: m.calls.map(callOf) };
      if (mine) next.agent = agentOf(mine);
      // Offers still ringing are kept: the snapshot has no offers, and the agent's state says
      // whether one is still out (reserved/ringing).
      if (mine && (mine.state === 'reserved' || mine.state === 'ringing')) next.offers = s.offers.filter((o) => o.callId === mine.callId);
      if (s.lastEnded) next.lastEnded = s.lastEnded;
      return next;
    }
    case 'resumed':
      // The missed events follow; each moves `seq` on.
      return { ...s, stream: m.stream };
    case 'call': {
      const call = callOf(m.call);
      const others = s.calls.filter((c) => c.callId !== call.callId);
      return { ...s, calls: [...others, call] };
    }
    case 'heartbeat':
      return s;
    case 'event':
      return eventReducer({ ...s, seq: Math.max(s.seq, m.seq), stream: m.stream }, m.type, m.data, m.time);
  }
}

function eventReducer(s: DeskState, type: string, d: Record<string, unknown>, time: string): DeskState {
  const callId = str(d['callId']) ?? '';
  switch (type) {
    case 'agent.state_changed': {
      const agent: DeskAgent = { state: d['state'] as AgentStateName, since: str(d['at']) ?? time };
      const reason = str(d['reason']);
      if (reason !== undefined) agent.reason = reason;
      if (callId) agent.callId = callId;
      const queueId = str(d['queueId']);
      if (queueId !== undefined) agent.queueId = queueId;
      const wrapUpEndsAt = str(d['wrapUpEndsAt']);
      if (wrapUpEndsAt !== undefined) agent.wrapUpEndsAt = wrapUpEndsAt;
      const offerOut = agent.state === 'reserved' || agent.state === 'ringing';
      return { ...s, agent, offers: offerOut ? s.offers : [] };
    }
    case 'queue.offered': {
      const offer: DeskOffer = {
        token: str(d['token']) ?? callId,
        callId,
        queueId: str(d['queueId']) ?? '',
        at: time,
        waitedSeconds: typeof d['waitedSeconds'] === 'number' ? d['waitedSeconds'] : 0,
      };
      return { ...s, offers: [...s.offers.filter((o) => o.token !== offer.token), offer] };
    }
    case 'queue.answered':
      return { ...s, offers: s.offers.filter((o) => o.token !== str(d['token'])) };
    case 'call.created': {
      if (s.calls.some((c) => c.callId === callId)) return s;
      const call = callOf({ callId, direction: str(d['direction']) ?? 'inbound', number400: str(d['number400']) ?? null, callerNumber: str(d['callerNumber']) ?? null, state: str(d['state']) ?? 'setup', createdAt: time });
      return { ...s, calls: [...s.calls, call] };
    }
    case 'leg.created': {
      const leg: DeskLeg = { legId: str(d['legId']) ?? '', direction: str(d['direction']) ?? '', party: d['party'] as Party, state: str(d['state']) ?? '' };
      return withCall(s, callId, (c) => ({ ...c, legs: [...c.legs.filter((l) => l.legId !== leg.legId), leg] }));
    }
    case 'call.ended': {
      const ended = s.calls.find((c) => c.callId === callId);
      const next: DeskState = { ...s, calls: s.calls.filter((c) => c.callId !== callId), offers: s.offers.filter((o) => o.callId !== callId) };
      if (ended) next.lastEnded = { ...ended, state: 'ended' };
      return next;
    }
    case 'recording.started':
      return withCall(s, callId, (c) => ({ ...c, recording: true, recordingPaused: false }));
    case 'recording.paused':
      return withCall(s, callId, (c) => ({ ...c, recordingPaused: true }));
    case 'recording.resumed':
      return withCall(s, callId, (c) => ({ ...c, recordingPaused: false }));
    case 'recording.stopped':
      return withCall(s, callId, (c) => ({ ...c, recording: false, recordingPaused: false }));
    default: {
      if (type.startsWith('leg.')) {
        const legId = str(d['legId']);
        const state = str(d['state']);
        if (!legId || !state) return s;
        return withCall(s, callId, (c) => ({ ...c, legs: c.legs.map((l) => (l.legId === legId ? { ...l, state } : l)) }));
      }
      if (type.startsWith('call.')) {
        const state = str(d['state']);
        const change = (c: DeskCall): DeskCall => ({ ...c, ...(state ? { state } : {}), ...(state === 'answered' && !c.answeredAt ? { answeredAt: time } : {}) });
        return withCall(s, callId, change);
      }
      return s;
    }
  }
}

/** The call this desk's phone is in now (its leg up), newest first. */
export function currentCall(s: DeskState, isMine: (p: Party) => boolean): DeskCall | undefined {
  for (let i = s.calls.length - 1; i >= 0; i--) {
    const c = s.calls[i];
    if (c && c.legs.some((l) => isMine(l.party) && l.state !== 'ended')) return c;
  }
  return undefined;
}

/** The legs of a call other than this desk's own phone (the caller, a consulted agent …). */
export function otherLegs(c: DeskCall, isMine: (p: Party) => boolean): DeskLeg[] {
  return c.legs.filter((l) => !isMine(l.party) && l.state !== 'ended');
}
