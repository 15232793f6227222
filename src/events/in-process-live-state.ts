/**
 * Live state in this process: a projection of the bus's call and ACD events, applied in order. It must be
 * the bus's first subscriber, so that a snapshot taken from it covers every event a later
 * subscriber (the feed) has been handed (see EventBus.subscribe).
 */
import type { AcdEvent } from '../acd/acd-events.ts';
import type { EventBus } from './event-bus.ts';
import { type EventEnvelope, isAnnouncementEvent, isCallEvent, isWallboardEvent } from './event-envelope.ts';
import type { LiveAgent, LiveCall, LiveLeg, LiveQueue, LiveState } from './live-state.ts';

export class InProcessLiveState implements LiveState {
  private readonly live = new Map<string, LiveCall>();
  /** tenant → user → agent. */
  private readonly liveAgents = new Map<string, Map<string, LiveAgent>>();
  /** tenant → queue → waiting calls by ticket. */
  private readonly liveQueues = new Map<string, Map<string, LiveQueue>>();
  private readonly unsubscribe: () => void;

  constructor(bus: EventBus) {
    this.unsubscribe = bus.subscribe('live-state', (e) => this.apply(e));
  }

  stop(): void {
    this.unsubscribe();
  }

  calls(tenantId?: string): Promise<LiveCall[]> {
    return Promise.resolve(this.callsNow(tenantId));
  }

  call(callId: string): Promise<LiveCall | undefined> {
    const c = this.live.get(callId);
    return Promise.resolve(c ? copy(c) : undefined);
  }

  /** Synchronously, for the feed's snapshot (consistent with the bus's delivered seq). */
  callsNow(tenantId?: string): LiveCall[] {
    const out: LiveCall[] = [];
    for (const c of this.live.values()) if (tenantId === undefined || c.tenantId === tenantId) out.push(copy(c));
    return out;
  }

  agents(tenantId?: string): Promise<LiveAgent[]> {
    return Promise.resolve(this.agentsNow(tenantId));
  }

  queues(tenantId?: string): Promise<LiveQueue[]> {
    return Promise.resolve(this.queuesNow(tenantId));
  }

  agentsNow(tenantId?: string): LiveAgent[] {
    const tenants = tenantId === undefined ? [...this.liveAgents.values()] : [this.liveAgents.get(tenantId) ?? new Map<string, LiveAgent>()];
    return tenants.flatMap((m) => [...m.values()].map((a) => ({ ...a })));
  }

  queuesNow(tenantId?: string): LiveQueue[] {
    const tenants = tenantId === undefined ? [...this.liveQueues.values()] : [this.liveQueues.get(tenantId) ?? new Map<string, LiveQueue>()];
    return tenants.flatMap((m) => [...m.values()].filter((q) => q.waiting.length > 0).map((q) => ({ ...q, waiting: q.waiting.map((w) => ({ ...w })) })));
  }

  /** At start: the agents the ACD restored (their state produced no event in this run). */
  seedAgent(agent: LiveAgent): void {
    this.agentMap(agent.tenantId).set(agent.userId, { ...agent });
  }

  get size(): number {
    return this.live.size;
  }

  private apply({ data: e, time }: EventEnvelope): void {
    if (isAnnouncementEvent(e) || isWallboardEvent(e)) return;
    if (!isCallEvent(e)) return this.applyAcd(e, time);
    if (e.type === 'call.created') {
      const c: LiveCall = { callId: e.callId, tenantId: e.tenantId, direction: e.direction, callerNumber: e.callerNumber, state: e.state, createdAt: time, recording: false, legs: [] };
      if (e.number400) c.number400 = e.number400;
      this.live.set(e.callId, c);
      return;
    }
    const call = this.live.get(e.callId);
    if (!call) return;
    switch (e.type) {
      case 'leg.created':
        call.legs.push({ legId: e.legId, direction: e.direction, party: e.party, state: e.state, since: time });
        if (e.direction === 'outbound' && call.state === 'setup') call.state = 'dialing';
        return;
      case 'leg.ringing':
      case 'leg.early_media':
      case 'leg.answered':
      case 'leg.held':
      case 'leg.unheld':
        return setLeg(call, e.legId, e.state, time);
      case 'leg.ended':
        call.legs = call.legs.filter((l) => l.legId !== e.legId);
        return;
      case 'call.bridged':
        call.state = e.state;
        call.answeredAt ??= time;
        return;
      case 'call.conferenced':
        call.state = e.state;
        if (e.state !== 'conferenced') for (const leg of call.legs) delete leg.role;
        return;
      case 'leg.role_changed': {
        const leg = call.legs.find((l) => l.legId === e.legId);
        if (leg) leg.role = e.role;
        return;
      }
      case 'recording.started':
      case 'recording.resumed':
        call.recording = true;
        return;
      case 'recording.paused':
      case 'recording.stopped':
        call.recording = false;
        return;
      case 'call.ended':
        this.live.delete(e.callId);
        return;
      default:
        return;
    }
  }

  private applyAcd(e: AcdEvent, time: string): void {
    if (e.type === 'agent.state_changed') {
      const a: LiveAgent = { tenantId: e.tenantId, userId: e.userId, agentId: e.agentId, state: e.state, since: e.at };
      if (e.reason !== undefined) a.reason = e.reason;
      if (e.callId !== undefined && e.state !== 'ready' && e.state !== 'not_ready' && e.state !== 'logged_out' && e.state !== 'wrap_up') a.callId = e.callId;
      if (e.queueId !== undefined && a.callId !== undefined) a.queueId = e.queueId;
      this.agentMap(e.tenantId).set(e.userId, a);
      return;
    }
    let queues = this.liveQueues.get(e.tenantId);
    if (!queues) this.liveQueues.set(e.tenantId, (queues = new Map()));
    let q = queues.get(e.queueId);
    if (!q) queues.set(e.queueId, (q = { tenantId: e.tenantId, queueId: e.queueId, waiting: [] }));
    if (e.type === 'queue.entered') q.waiting.push({ ticketId: e.ticketId, callId: e.callId, callerNumber: e.callerNumber, priority: e.priority, enteredAt: time });
    else if (e.type === 'queue.answered' || e.type === 'queue.abandoned' || e.type === 'queue.overflowed' || (e.type === 'callback.requested' && !e.keepsPlace)) {
      q.waiting = q.waiting.filter((w) => w.ticketId !== e.ticketId);
    }
  }

  private agentMap(tenantId: string): Map<string, LiveAgent> {
    let m = this.liveAgents.get(tenantId);
    if (!m) this.liveAgents.set(tenantId, (m = new Map()));
    return m;
  }
}

function setLeg(call: LiveCall, legId: string, state: LiveLeg['state'], time: string): void {
  const leg = call.legs.find((l) => l.legId === legId);
  if (!leg) return;
  leg.state = state;
  leg.since = time;
}

function copy(c: LiveCall): LiveCall {
  return { ...c, legs: c.legs.map((l) => ({ ...l, party: { ...l.party } })) };
}
