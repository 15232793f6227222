/**
 * Who has been on each call (every leg's party, ended legs too): what per-event visibility for
 * agents is decided on. Kept while the call is live and for the last `keepEnded` ended calls, so a
 * resuming agent's replay is filtered the same way as the live feed was.
 */
import type { LegParty } from '../calls/call-events.ts';
import { type EventEnvelope, isCallEvent } from './event-envelope.ts';

export class CallParties {
  private readonly parties = new Map<string, LegParty[]>();
  private readonly ended: string[] = [];

  constructor(private readonly keepEnded = 20_000) {}

  apply({ data: e }: EventEnvelope): void {
    if (!isCallEvent(e)) return;
    if (e.type === 'call.created') this.parties.set(e.callId, []);
    else if (e.type === 'leg.created') this.parties.get(e.callId)?.push(e.party);
    else if (e.type === 'call.ended') {
      this.ended.push(e.callId);
      if (this.ended.length > this.keepEnded) for (const old of this.ended.splice(0, this.ended.length - this.keepEnded)) this.parties.delete(old);
    }
  }

  of(callId: string): readonly LegParty[] {
    return this.parties.get(callId) ?? [];
  }
}
