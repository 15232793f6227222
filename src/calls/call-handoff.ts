/**
 * Drivers taking a call, and a live call handed from its phone to a driver (the desk's transfer to
 * a queue): the caller leaves the answering phone's bridge — that phone gets a BYE and leaves the
 * call as a transferor does — and the driver named takes the caller as it takes a new arrival.
 * calls/ knows the driver only by name (call-driver.ts), so it never learns about queues. Each
 * driver run has its own signal, aborted when the call ends or another driver takes over; a caller
 * the last driver lets go unbridged is ended.
 */
import type { Call } from './call.ts';
import type { DriverHandoff } from './call-driver.ts';
import type { LegRef, VerbOptions } from './call-control.ts';
import { CallVerbError, throwIfAborted } from './call-verb-error.ts';
import { endUnbridged } from './call-hangup.ts';
import { q850Reason } from './q850.ts';

/** The reason a driver run's signal carries when another driver took the call over. */
const HANDED_OFF = new DOMException('The call went to another driver', 'AbortError');

/** The call goes to the driver named: it drives the call's verbs; a caller it lets go unbridged is ended. */
export async function runDriver(call: Call, handoff: DriverHandoff): Promise<void> {
  const driver = call.deps.drivers?.get(handoff.driver);
  if (!driver) {
    call.deps.onError?.(new Error(`no call driver "${handoff.driver}" is registered`));
    return endUnbridged(call, { outcome: 'failed', status: 480, reason: 'Temporarily Unavailable' });
  }
  call.driverRun?.abort(HANDED_OFF);
  const run = new AbortController();
  call.driverRun = run;
  call.unbridgedFinal ??= { outcome: 'no_answer', status: 480, reason: 'Temporarily Unavailable' };
  try {
    await driver.drive(call, handoff.params ?? {}, AbortSignal.any([call.signal, run.signal]));
  } catch (err) {
    if (!(err instanceof CallVerbError && err.code === 'aborted')) call.deps.onError?.(err);
  }
  // Another driver has the call now: what happens to the caller is its business.
  if (call.driverRun !== run) return;
  if (call.is('ended') || call.callee) return;
  await endUnbridged(call, call.unbridgedFinal);
}

/**
 * The verb: the caller (`ref`) of an answered call leaves the phone that has them — it is hung up
 * and leaves the call like a blind transfer's transferor — and `handoff`'s driver takes the caller
 * from there. Resolves once the driver has the call (not once anybody answered).
 */
export async function handOffCaller(call: Call, ref: LegRef, handoff: DriverHandoff, opts: VerbOptions = {}): Promise<void> {
  const keep = call.legByRef(ref);
  const away = call.callee;
  if (keep !== call.caller || !away) throw new CallVerbError('bad-state', 'only the caller of a call bridged to a phone can be handed over');
  if (call.state !== 'answered') throw new CallVerbError('bad-state', `cannot hand over a call that is ${call.state}`);
  if (!call.deps.drivers?.get(handoff.driver)) throw new CallVerbError('refused', `nothing takes calls as "${handoff.driver}" here`);
  throwIfAborted(opts.signal);
  // The driver that had the call stops first: the phone leaving must not look like its call's end (a survey).
  call.driverRun?.abort(HANDED_OFF);
  call.driverRun = undefined;
  call.callee = undefined;
  call.step('unbridge');
  call.afterCalleeLeaves = 'end-call';
  await keep.media.disconnect().catch((err: unknown) => call.deps.onError?.(err));
  away.sip.hangup(q850Reason(16));
  // Its media lives until the call ends: the recording's right channel taps it until the next bridge.
  call.departLeg(away);
  call.report.legEnded(away.id, 'hangup', null);
  call.report.transferred(keep.id, { kind: 'driver', driver: handoff.driver }, 'blind');
  // The caller may still be on the hold the old phone asked for (passed through): take it off.
  if (keep.offered !== 'sendrecv') await call.reoffer(keep, 'sendrecv').catch((err: unknown) => call.deps.onError?.(err));
  if (call.is('ended')) return;
  call.background(runDriver(call, handoff));
}
