/**
 * An outbound-only call run by a driver outside calls/ (CallControl.originate: the ACD's callback
 * rings the agent, then the customer, and bridges them). The B2BUA published it as an outbound call (its record open); a
 * driver that lets it go neither bridged nor ended leaves it to be ended with its unbridged outcome.
 */
import type { Call } from './call.ts';
import type { DrivenCall } from './call-driver.ts';
import { CallVerbError } from './call-verb-error.ts';
import { endUnbridged } from './call-hangup.ts';

export async function driveOriginated(call: Call, drive: (call: DrivenCall) => Promise<void>): Promise<void> {
  call.unbridgedFinal ??= { outcome: 'no_answer', status: 480, reason: 'Temporarily Unavailable' };
  try {
    await drive(call);
  } catch (err) {
    if (!(err instanceof CallVerbError && err.code === 'aborted')) call.deps.onError?.(err);
  }
  if (call.is('ended') || call.callee) return;
  await endUnbridged(call, call.unbridgedFinal);
}
