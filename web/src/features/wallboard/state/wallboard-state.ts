/**
 * What the wallboard shows, kept from the event feed alone (C17): the snapshot's live calls, agents
 * and waiting calls, then every event applied in seq order; the server's day figures (GET
 * /api/v1/wallboard as of a seq, then each newer `wallboard.*` event). Pure: the hook feeds it.
 */
import type { ResponseOf } from '@/shared/api/index.ts';

export type LiveCall = ResponseOf<'/api/v1/live/calls', 'get'>['calls'][number];
export type LiveLeg = LiveCall['legs'][number];
export type Board = ResponseOf<'/api/v1/wallboard', 'get'>;
export type QueueFigures = Board['queues'][number];
export type Settings = Board['settings'];
export type AgentInfo = Board['agents'][number];

export interface LiveAgent {
  userId: string;
  agentId: string;
  state: string;
  reason?: string;
  since: string;
  callId?: string;
  queueId?: string;
  /** The envelope time of the last event that changed this agent (the bench's event-to-screen latency). */
  eventTime?: string;
}

export interface WaitingCall {
  ticketId: string;
  callId: string;
  callerNumber: string;
  enteredAt: string;
}

export interface Alert {
  queueId: string;
  kind: 'longest_wait' | 'service_level';
  value: number;
  threshold: number;
}

export interface Envelope {
  type: string;
  time: string;
  tenant: string;
  seq: number;
  stream: string;
  data: Record<string, unknown> & { type: string };
}

export interface Snapshot {
  stream: string;
  seqs: Record<string, number>;
  calls: LiveCall[];
  agents: (LiveAgent & { tenantId: string })[];
  queues: { queueId: string; waiting: WaitingCall[] }[];
}

/** An event's data as the feed sends it: the server's types (docs/events.md), read field by field here. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type EventData = Record<string, any>;

export class WallboardState {
  stream = '';
  /** The last seq applied, per tenant (the resume point). */
  seqs: Record<string, number> = {};
  calls = new Map<string, LiveCall>();
  agents = new Map<string, LiveAgent>();
  waiting = new Map<string, WaitingCall[]>();
  /** Day figures per queue, with the seq they are as of. */
  figures = new Map<string, { seq: number; f: QueueFigures }>();
  agentDays = new Map<string, { seq: number; callsToday: number; talkSecondsToday: number }>();
  agentInfo = new Map<string, AgentInfo>();
  alerts = new Map<string, Alert>();
  settings: Settings | undefined;
  /** Bumped on every change: the page re-renders at most once a frame. */
  version = 0;
  /**
   * Bumped only when an agent or a call comes or goes: the page's row order is recomputed then, not
   * on every change (a changed agent or call is a new object in its map; its row alone re-renders).
   */
  rosterVersion = 0;
  callListVersion = 0;

  /** A fresh snapshot (first connect, or a resume that failed): everything live is replaced. */
  snapshot(s: Snapshot): void {
    if (s.stream !== this.stream) {
      // Another run of the platform: figures of the old one are no longer comparable by seq.
      this.figures.clear();
      this.agentDays.clear();
      this.alerts.clear();
    }
    this.stream = s.stream;
    this.seqs = { ...s.seqs };
    this.calls = new Map(s.calls.map((c) => [c.callId, c]));
    this.agents = new Map(s.agents.map((a) => [a.userId, { userId: a.userId, agentId: a.agentId, state: a.state, since: a.since, ...(a.reason ? { reason: a.reason } : {}), ...(a.callId ? { callId: a.callId } : {}), ...(a.queueId ? { queueId: a.queueId } : {}) }]));
    this.waiting = new Map(s.queues.map((q) => [q.queueId, q.waiting.map((w) => ({ ticketId: w.ticketId, callId: w.callId, callerNumber: w.callerNumber, enteredAt: w.enteredAt }))]));
    this.version++;
    this.rosterVersion++;
    this.callListVersion++;
  }

  /** The day's figures as of `board.seq` (taken only where no newer event already came). */
  board(b: Board): void {
    if (b.stream !== this.stream) return;
    this.settings = b.settings;
    for (const f of b.queues) if ((this.figures.get(f.queueId)?.seq ?? -1) <= b.seq) this.figures.set(f.queueId, { seq: b.seq, f });
    for (const a of b.agents) {
      const known = this.agentInfo.get(a.userId);
      if (!known || known.agentId !== a.agentId) this.rosterVersion++;
      this.agentInfo.set(a.userId, a);
      if ((this.agentDays.get(a.userId)?.seq ?? -1) <= b.seq) this.agentDays.set(a.userId, { seq: b.seq, callsToday: a.callsToday, talkSecondsToday: a.talkSecondsToday });
    }
    this.alerts = new Map(b.alerts.map((a) => [`${a.queueId}:${a.kind}`, a]));
    this.version++;
  }

  /** One event; false when it is one already applied (a duplicate after a resume). */
  apply(e: Envelope): boolean {
    if (e.stream !== this.stream || e.seq <= (this.seqs[e.tenant] ?? 0)) return false;
    this.seqs[e.tenant] = e.seq;
    const d = e.data as EventData;
    switch (e.type) {
      case 'agent.state_changed':
        this.agentChanged(d, e.time);
        break;
      case 'queue.entered': {
        const list = this.waiting.get(d.queueId) ?? [];
        this.waiting.set(d.queueId, [...list, { ticketId: d.ticketId, callId: d.callId, callerNumber: d.callerNumber, enteredAt: e.time }]);
        break;
      }
      case 'queue.answered':
      case 'queue.abandoned':
      case 'queue.overflowed':
        this.leaveQueue(d.queueId, d.ticketId);
        break;
      case 'callback.requested':
        if (!(d.keepsPlace as boolean)) this.leaveQueue(d.queueId, d.ticketId);
        break;
      case 'wallboard.queue': {
        const f = d.figures as QueueFigures;
        this.figures.set(f.queueId, { seq: e.seq, f });
        break;
      }
      case 'wallboard.agent':
        this.agentDays.set(d.userId, { seq: e.seq, callsToday: d.callsToday, talkSecondsToday: d.talkSecondsToday });
        break;
      case 'wallboard.alert': {
        const key = `${d.queueId as string}:${d.kind as string}`;
        if (d.raised) this.alerts.set(key, { queueId: d.queueId, kind: d.kind, value: d.value, threshold: d.threshold });
        else this.alerts.delete(key);
        break;
      }
      default:
        this.callEvent(d, e.time);
    }
    this.version++;
    return true;
  }

  private agentChanged(d: EventData, time: string): void {
    const state = d.state as string;
    const onCall = state !== 'ready' && state !== 'not_ready' && state !== 'logged_out' && state !== 'wrap_up';
    if (!this.agents.has(d.userId)) this.rosterVersion++;
    this.agents.set(d.userId, {
      userId: d.userId,
      agentId: d.agentId,
      state,
      since: d.at,
      eventTime: time,
      ...(d.reason ? { reason: d.reason } : {}),
      ...(onCall && d.callId ? { callId: d.callId } : {}),
      ...(onCall && d.queueId ? { queueId: d.queueId } : {}),
    });
  }

  private leaveQueue(queueId: string, ticketId: string): void {
    const list = this.waiting.get(queueId);
    if (list) this.waiting.set(queueId, list.filter((w) => w.ticketId !== ticketId));
  }

  /** Calls and legs, as the server's live state projects them (src/events/in-process-live-state.ts). */
  private callEvent(d: EventData, time: string): void {
    if (d.type === 'call.created') {
      if (!this.calls.has(d.callId)) this.callListVersion++;
      this.calls.set(d.callId, { callId: d.callId, tenantId: d.tenantId, direction: d.direction, callerNumber: d.callerNumber, state: d.state, createdAt: time, recording: false, legs: [], ...(d.number400 ? { number400: d.number400 } : {}) });
      return;
    }
    const call = this.calls.get(d.callId);
    if (!call) return;
    const legs = call.legs;
    switch (d.type as string) {
      case 'leg.created':
        call.legs = [...legs, { legId: d.legId, direction: d.direction, party: d.party, state: d.state, since: time }];
        if (d.direction === 'outbound' && call.state === 'setup') call.state = 'dialing';
        break;
      case 'leg.ringing':
      case 'leg.early_media':
      case 'leg.answered':
      case 'leg.held':
      case 'leg.unheld':
        call.legs = legs.map((l) => (l.legId === d.legId ? { ...l, state: d.state, since: time } : l));
        break;
      case 'leg.ended':
        call.legs = legs.filter((l) => l.legId !== d.legId);
        break;
      case 'call.bridged':
        call.state = d.state;
        call.answeredAt ??= time;
        break;
      case 'call.conferenced':
        call.state = d.state;
        break;
      case 'leg.role_changed':
        call.legs = legs.map((l) => (l.legId === d.legId ? { ...l, role: d.role } : l));
        break;
      case 'recording.started':
        call.recording = true;
        break;
      case 'call.ended':
        this.calls.delete(d.callId);
        this.callListVersion++;
        return;
      default:
        if (typeof d.state === 'string' && d.type.startsWith('call.')) call.state = d.state;
    }
    this.calls.set(call.callId, { ...call });
  }
}
