/** The answer verb: the inbound leg gets 200 OK, or 183 Session Progress for early media. */
import type { Call } from './call.ts';
import type { LegRef, VerbOptions } from './call-control.ts';
import { CallVerbError, throwIfAborted } from './call-verb-error.ts';
import { legIsRinging } from './leg-state.ts';

export async function answerLeg(call: Call, ref: LegRef, opts: VerbOptions & { early?: boolean } = {}): Promise<void> {
  const leg = call.legByRef(ref);
  const inbound = call.inbound;
  if (!inbound || leg.sip !== inbound) throw new CallVerbError('bad-state', 'only the inbound leg is answered');
  throwIfAborted(opts.signal);
  if (call.state === 'ended') throw new CallVerbError('bad-state', 'the call has ended');
  if (opts.early) {
    if (!legIsRinging(inbound.state)) throw new CallVerbError('bad-state', 'the caller is answered already');
    inbound.provisional(183, 'Session Progress', call.callerAnswerSdp);
    call.report.legProgressed(leg.id, 'early_media');
    return;
  }
  if (!legIsRinging(inbound.state)) return; // answered already: nothing to do
  inbound.answer(call.callerAnswerSdp);
  call.report.legProgressed(leg.id, 'answered');
}
