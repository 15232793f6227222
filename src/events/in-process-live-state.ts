/**
 * Live state in this process: a projection of the bus's call events, applied in order. It must be
 * the bus's first subscriber, so that a snapshot taken from it covers every event a later
 * subscriber (the feed) has been handed (see EventBus.subscribe).
 */
import type { CallEvent } from '../calls/call-events.ts';
import type { EventBus } from './event-bus.ts';
import type { EventEnvelope } from './event-envelope.ts';
import type { LiveCall, LiveLeg, LiveState } from './live-state.ts';

export class InProcessLiveState implements LiveState {
  private readonly live = new Map<string, LiveCall>();
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

  get size(): number {
    return this.live.size;
  }

  private apply({ data: e, time }: EventEnvelope<CallEvent>): void {
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
