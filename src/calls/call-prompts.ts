/** Play, say (text to speech) and collect digits: verbs on any leg of a call, answered or in early media. */
import type { PlayOutcome, PlaySource } from '../media/media-engine.ts';
import { DigitBuffer } from '../media/dtmf/digit-buffer.ts';
import type { Call, CallLeg } from './call.ts';
import type { LegRef } from './call-control.ts';
import type { CollectOptions, PlayVerbOptions } from './call-driver.ts';
import { CallVerbError, throwIfAborted } from './call-verb-error.ts';

/** The leg's digit buffer, made on first use: keys pressed from then on wait for a collect. */
function digitsOf(call: Call, leg: CallLeg): DigitBuffer {
  leg.digits ??= new DigitBuffer(leg.media, call.clock);
  return leg.digits;
}

function usableLeg(call: Call, ref: LegRef, signal: AbortSignal | undefined): CallLeg {
  const leg = call.legByRef(ref);
  if (call.state === 'ended') throw new CallVerbError('bad-state', 'the call has ended');
  throwIfAborted(signal);
  return leg;
}

export async function playTo(call: Call, ref: LegRef, source: PlaySource, opts: PlayVerbOptions = {}): Promise<PlayOutcome> {
  const leg = usableLeg(call, ref, opts.signal);
  if (opts.bargeIn) digitsOf(call, leg);
  try {
    return await leg.media.play(source, { loop: opts.loop ?? false, stopOnDtmf: opts.bargeIn ?? false, signal: call.verbSignal(opts.signal) });
  } catch (err) {
    throw new CallVerbError('refused', `cannot play: ${(err as Error).message}`);
  }
}

export function sayTo(call: Call, ref: LegRef, text: string, opts: PlayVerbOptions & { language?: 'zh-CN' | 'en' } = {}): Promise<PlayOutcome> {
  return playTo(call, ref, { kind: 'text', text, language: opts.language ?? 'zh-CN' }, opts);
}

export async function collectFrom(call: Call, ref: LegRef, opts: CollectOptions): Promise<string> {
  const leg = usableLeg(call, ref, opts.signal);
  if (!Number.isInteger(opts.maxDigits) || opts.maxDigits < 1) throw new CallVerbError('bad-state', 'maxDigits must be a positive integer');
  const digits = digitsOf(call, leg);
  if (opts.flush) digits.clear();
  const signal = call.verbSignal(opts.signal);
  const keyed = await digits.collect({ max: opts.maxDigits, timeoutMs: opts.timeoutMs, signal, ...(opts.terminator ? { terminator: opts.terminator } : {}) });
  if (signal.aborted) throw new CallVerbError('aborted', call.state === 'ended' ? 'the call ended' : 'the verb was cancelled');
  return keyed ?? '';
}
