/**
 * A call's typed events (call-events.ts), made in one place: the Call and its dial step say what
 * happened in one line each, and this keeps each leg's reported state so every change carries the
 * previous one, reports a state once, and ends whatever legs are left when the call ends.
 *
 * The call record is a durable subscriber (call-events.ts, `DurableCallFacts`): `callCreated` waits
 * for it (the record is open before anything rings; a failure rejects, and the event is not
 * published), `callEnded` returns its close; a leg's attempt and the first answer are written
 * in the background, their failures logged.
 */
import type { DtmfEvent } from '../media/media-engine-events.ts';
import type { AttemptStart, CallAnswer, CallRecordEnd, CallRecordStart } from '../cdr/call-record.ts';
import type { CallEvent, CallEventSink, CallEventState, CallTransferred, ConferenceRoleName, DurableCallEvent, DurableCallEventSink, LegEndReason, LegEventState, LegParty } from './call-events.ts';

export class CallReporter {
  /** The legs not yet ended, in the order they were created, with their reported state. */
  private readonly legs = new Map<string, LegEventState>();
  /** What the record was opened with (call.ended's durable subscribers get it back). */
  private recordStart: CallRecordStart | undefined;

  constructor(
    private readonly sink: CallEventSink | undefined,
    readonly tenantId: string,
    readonly callId: string,
    private readonly onError?: (err: unknown) => void,
    private readonly durable?: DurableCallEventSink,
  ) {}

  /** False when nobody listens: callers may skip work done only for events (DTMF watches). */
  get enabled(): boolean {
    return this.sink !== undefined;
  }

  private emit(event: CallEvent): void {
    if (!this.sink) return;
    try {
      this.sink(event);
    } catch (err) {
      // A faulty listener is logged; the call goes on.
      this.onError?.(err);
    }
  }

  /** Durable subscribers that run while the call goes on: a failure is logged (the record's close still comes). */
  private background(durable: DurableCallEvent): void {
    this.durable?.(durable).catch((err: unknown) => this.onError?.(err));
  }

  /**
   * The call exists: its record is opened by the durable subscribers first (awaited; a failure
   * rejects and nothing is published), then the event goes to everyone.
   */
  async callCreated(c: { direction: 'inbound' | 'outbound'; number400?: string; callerNumber: string }, record: CallRecordStart): Promise<void> {
    const event = { type: 'call.created', tenantId: this.tenantId, callId: this.callId, ...c, state: 'setup' } as const;
    if (this.durable) await this.durable({ type: event.type, event, facts: record });
    this.recordStart = record;
    this.emit(event);
  }

  /** A leg joined the call; an outbound attempt's `attempt` is its leg record (written in the background). */
  legCreated(legId: string, direction: 'inbound' | 'outbound', party: LegParty, attempt?: AttemptStart): void {
    const state = direction === 'inbound' ? 'offering' : 'calling';
    this.legs.set(legId, state);
    const event = { type: 'leg.created', tenantId: this.tenantId, callId: this.callId, legId, direction, party, state } as const;
    this.emit(event);
    if (attempt) this.background({ type: event.type, event, facts: attempt });
  }

  /** Ringing (180, or 183 without SDP), early media (183 with SDP) or answered; each once, never backwards. */
  legProgressed(legId: string, state: 'ringing' | 'early_media' | 'answered'): void {
    const previous = this.legs.get(legId);
    if (!previous || previous === state || previous === 'answered' || previous === 'held') return;
    if (previous === 'early_media' && state === 'ringing') return;
    this.legs.set(legId, state);
    const type = state === 'ringing' ? 'leg.ringing' : state === 'early_media' ? 'leg.early_media' : 'leg.answered';
    this.emit({ type, tenantId: this.tenantId, callId: this.callId, legId, previous, state });
  }

  /** A talking leg put on hold or taken off it; `byLegId`: the leg whose party did it. */
  legHeld(legId: string, held: boolean, byLegId?: string): void {
    const previous = this.legs.get(legId);
    if (previous !== (held ? 'answered' : 'held')) return;
    const state = held ? 'held' : 'answered';
    this.legs.set(legId, state);
    this.emit({ type: held ? 'leg.held' : 'leg.unheld', tenantId: this.tenantId, callId: this.callId, legId, previous, state, ...(byLegId ? { byLegId } : {}) });
  }

  legEnded(legId: string, reason: LegEndReason, sipStatus: number | null): void {
    const previous = this.legs.get(legId);
    if (!previous) return;
    this.legs.delete(legId);
    this.emit({ type: 'leg.ended', tenantId: this.tenantId, callId: this.callId, legId, previous, state: 'ended', reason, sipStatus });
  }

  /** Two legs bridged; `answer` on the call's first bridge: the record's answer (written in the background). */
  bridged(legIds: [string, string], previous: CallEventState, state: CallEventState, answer?: CallAnswer): void {
    const event = { type: 'call.bridged', tenantId: this.tenantId, callId: this.callId, legIds, previous, state } as const;
    this.emit(event);
    if (answer) this.background({ type: event.type, event, facts: answer });
  }

  /** `legId`'s party now talks to `to` (a transfer completed). */
  transferred(legId: string, to: CallTransferred['to'], kind: 'blind' | 'attended'): void {
    this.emit({ type: 'call.transferred', tenantId: this.tenantId, callId: this.callId, legId, to, kind });
  }

  conferenced(legIds: string[], previous: CallEventState, state: CallEventState): void {
    this.emit({ type: 'call.conferenced', tenantId: this.tenantId, callId: this.callId, legIds, previous, state });
  }

  roleChanged(legId: string, previousRole: ConferenceRoleName | null, role: ConferenceRoleName): void {
    this.emit({ type: 'leg.role_changed', tenantId: this.tenantId, callId: this.callId, legId, previousRole, role });
  }

  dtmf(legId: string, d: DtmfEvent): void {
    this.emit({ type: 'dtmf', tenantId: this.tenantId, callId: this.callId, legId, digit: d.digit, durationMs: d.durationMs, source: d.source });
  }

  recording(type: 'recording.started' | 'recording.paused' | 'recording.resumed' | 'recording.stopped'): void {
    this.emit({ type, tenantId: this.tenantId, callId: this.callId });
  }

  /**
   * The call is over: legs still up end first (the newest first, the caller's last; a talking leg
   * with 'hangup', one that never talked with the call's outcome), then the call. Resolves once
   * the durable subscribers closed the record (and what follows it ran); rejects with their failure.
   */
  callEnded(previous: CallEventState, r: { outcome: string; sipStatus: number; reason: string; endedBy: 'caller' | 'callee' | 'platform' }, end: CallRecordEnd): Promise<void> {
    for (const [legId, state] of [...this.legs].reverse()) {
      this.legEnded(legId, state === 'answered' || state === 'held' ? 'hangup' : outcomeAsLegEnd(r.outcome), r.sipStatus);
    }
    const event = { type: 'call.ended', tenantId: this.tenantId, callId: this.callId, previous, state: 'ended', ...r } as const;
    this.emit(event);
    // A record never opened (its open failed: the call was refused) has nothing to close.
    if (!this.durable || !this.recordStart) return Promise.resolve();
    return this.durable({ type: event.type, event, facts: { start: this.recordStart, end } });
  }
}

function outcomeAsLegEnd(outcome: string): LegEndReason {
  return outcome === 'busy' || outcome === 'no_answer' || outcome === 'cancelled' ? outcome : 'failed';
}
