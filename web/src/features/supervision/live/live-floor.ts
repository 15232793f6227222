/**
 * The floor as the event feed tells it (docs/events.md): the tenant's live calls with their legs and
 * the agents' states, from the feed's snapshot and then each event in order. Pure: the hook owns the
 * socket, this only folds messages into state (the same projection the server keeps in
 * src/events/in-process-live-state.ts, for the browser's copy).
 */
import type { ResponseOf } from '@/shared/api/index.ts';

export type LiveCall = ResponseOf<'/api/v1/live/calls', 'get'>['calls'][number];
export type LiveLeg = LiveCall['legs'][number];
export type AgentStateName = ResponseOf<'/api/v1/acd/agents', 'get'>['agents'][number]['status']['state'];

export interface LiveAgent {
  userId: string;
  agentId: string;
  state: AgentStateName;
  reason?: string;
  since: string;
  callId?: string;
  queueId?: string;
}

export interface LiveFloor {
  /** The platform run the feed speaks for, and the last event's seq (resume with both). */
  stream: string | undefined;
  seq: number;
  calls: ReadonlyMap<string, LiveCall>;
  agents: ReadonlyMap<string, LiveAgent>;
}

export const EMPTY_FLOOR: LiveFloor = { stream: undefined, seq: 0, calls: new Map(), agents: new Map() };

/** A message of the feed as the page reads it: only the fields used here. */
export type FeedMessage =
  | { kind: 'snapshot'; stream: string; seqs: Record<string, number>; calls: LiveCall[]; agents: LiveAgent[] }
  | { kind: 'resumed'; stream: string; seqs: Record<string, number> }
  | { kind: 'event'; seq: number; stream: string; time: string; data: FeedEvent }
  | { kind: 'call'; call: LiveCall }
  | { kind: 'heartbeat' };

/** An event's data: the fields any of the types this page folds may carry. */
export interface FeedEvent {
  type: string;
  tenantId: string;
  callId?: string;
  legId?: string;
  direction?: LiveCall['direction'];
  number400?: string;
  callerNumber?: string;
  party?: LiveLeg['party'];
  state?: string;
  role?: LiveLeg['role'];
  userId?: string;
  agentId?: string;
  reason?: string;
  at?: string;
  queueId?: string;
}

const lastSeq = (seqs: Record<string, number>): number => Math.max(0, ...Object.values(seqs));

/** The floor after one message of the feed. */
export function applyFeedMessage(floor: LiveFloor, msg: FeedMessage): LiveFloor {
  switch (msg.kind) {
    case 'snapshot':
      return {
        stream: msg.stream,
        seq: lastSeq(msg.seqs),
        calls: new Map(msg.calls.map((c) => [c.callId, c])),
        agents: new Map(msg.agents.map((a) => [a.userId, a])),
      };
    case 'resumed':
      return { ...floor, stream: msg.stream };
    case 'call': {
      const calls = new Map(floor.calls);
      calls.set(msg.call.callId, msg.call);
      return { ...floor, calls };
    }
    case 'event':
      // A repeat (a resume overlapping what was seen) changes nothing.
      if (msg.stream === floor.stream && msg.seq <= floor.seq) return floor;
      return { ...applyEvent(floor, msg.data, msg.time), stream: msg.stream, seq: msg.seq };
    default:
      return floor;
  }
}

function applyEvent(floor: LiveFloor, e: FeedEvent, time: string): LiveFloor {
  if (e.type === 'agent.state_changed' && e.userId && e.agentId && e.state) {
    const agents = new Map(floor.agents);
    const onCall = !['ready', 'not_ready', 'logged_out', 'wrap_up'].includes(e.state);
    agents.set(e.userId, {
      userId: e.userId,
      agentId: e.agentId,
      state: e.state as AgentStateName,
      since: e.at ?? time,
      ...(e.reason !== undefined ? { reason: e.reason } : {}),
      ...(onCall && e.callId ? { callId: e.callId } : {}),
      ...(onCall && e.callId && e.queueId ? { queueId: e.queueId } : {}),
    });
    return { ...floor, agents };
  }
  if (!e.callId) return floor;
  const calls = new Map(floor.calls);
  if (e.type === 'call.created') {
    calls.set(e.callId, {
      callId: e.callId,
      tenantId: e.tenantId,
      direction: e.direction ?? 'inbound',
      callerNumber: e.callerNumber ?? '',
      state: 'setup',
      createdAt: time,
      recording: false,
      legs: [],
      ...(e.number400 ? { number400: e.number400 } : {}),
    });
    return { ...floor, calls };
  }
  const call = calls.get(e.callId);
  if (!call) return floor;
  if (e.type === 'call.ended') {
    calls.delete(e.callId);
    return { ...floor, calls };
  }
  calls.set(e.callId, callAfter(call, e, time));
  return { ...floor, calls };
}

function callAfter(call: LiveCall, e: FeedEvent, time: string): LiveCall {
  const legs = (f: (l: LiveLeg) => LiveLeg) => call.legs.map((l) => (l.legId === e.legId ? f(l) : l));
  switch (e.type) {
    case 'leg.created':
      if (!e.legId || !e.party || !e.direction) return call;
      return {
        ...call,
        state: e.direction === 'outbound' && call.state === 'setup' ? 'dialing' : call.state,
        legs: [...call.legs, { legId: e.legId, direction: e.direction, party: e.party, state: e.state as LiveLeg['state'], since: time }],
      };
    case 'leg.ringing':
    case 'leg.early_media':
    case 'leg.answered':
    case 'leg.held':
    case 'leg.unheld':
      return { ...call, legs: legs((l) => ({ ...l, state: e.state as LiveLeg['state'], since: time })) };
    case 'leg.ended':
      return { ...call, legs: call.legs.filter((l) => l.legId !== e.legId) };
    case 'leg.role_changed':
      return { ...call, legs: legs((l) => (e.role ? { ...l, role: e.role } : l)) };
    case 'call.bridged':
      return { ...call, state: e.state as LiveCall['state'], answeredAt: call.answeredAt ?? time };
    case 'call.conferenced': {
      const state = e.state as LiveCall['state'];
      // The conference is over: nobody has a role any more.
      return state === 'conferenced' ? { ...call, state } : { ...call, state, legs: call.legs.map(({ role: _role, ...l }) => l) };
    }
    case 'recording.started':
    case 'recording.resumed':
      return { ...call, recording: true };
    case 'recording.paused':
    case 'recording.stopped':
      return { ...call, recording: false };
    default:
      return call;
  }
}

/** What to ask the feed for when reconnecting: a resume when a stream was seen. */
export function resumeQuery(floor: LiveFloor): string {
  return floor.stream ? `&stream=${encodeURIComponent(floor.stream)}&after=${floor.seq}` : '';
}
