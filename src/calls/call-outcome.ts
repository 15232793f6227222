/**
 * How a failed attempt to reach a bound phone ends for the caller: the final response the
 * platform sends upstream and the outcome the call record keeps.
 */
import type { CallOutcome } from '../cdr/call-record.ts';
import type { DialTarget, ForwardingStages } from './call-router.ts';

export type AttemptFailure =
  | { kind: 'response'; status: number; reason: string }
  | { kind: 'ring-timeout' }
  | { kind: 'unreachable'; detail: string };

export interface CallerFinal {
  status: number;
  reason: string;
  outcome: Exclude<CallOutcome, 'answered' | 'cancelled' | 'interrupted'>;
}

/** Busy wins over no-answer wins over anything else, when several phones were tried. */
const RANK: Record<CallerFinal['outcome'], number> = { busy: 3, no_answer: 2, failed: 1 };

export function finalForFailure(f: AttemptFailure): CallerFinal {
  if (f.kind === 'ring-timeout') return { status: 480, reason: 'No Answer', outcome: 'no_answer' };
  if (f.kind === 'unreachable') return { status: 480, reason: 'Unreachable', outcome: 'failed' };
  switch (f.status) {
    case 486:
    case 600:
      return { status: 486, reason: 'Busy Here', outcome: 'busy' };
    case 408:
    case 480:
      return { status: 480, reason: 'Temporarily Unavailable', outcome: 'no_answer' };
    case 403:
    case 603:
      return { status: 603, reason: 'Decline', outcome: 'failed' };
    default:
      return { status: 480, reason: 'Temporarily Unavailable', outcome: 'failed' };
  }
}

export function worstFailure(failures: AttemptFailure[]): CallerFinal {
  let best: CallerFinal = { status: 480, reason: 'Temporarily Unavailable', outcome: 'failed' };
  for (const f of failures) {
    const c = finalForFailure(f);
    if (RANK[c.outcome] > RANK[best.outcome]) best = c;
  }
  return best;
}

/** Forwards made so far in one call (R5). */
export interface ForwardsUsed {
  busy: number;
  noAnswer: number;
  total: number;
}

/**
 * R5: after a stage ends with `stage`, the next number to forward to — the next unused busy
 * number when the stage was busy, else the next no-answer number (an unreachable phone counts as
 * not answering) — or undefined when the list is spent or the call has had `maxForwards` (≤ 3).
 * Counts the forward in `used`.
 */
export function nextForward(f: ForwardingStages, used: ForwardsUsed, stage: CallerFinal): DialTarget | undefined {
  if (used.total >= Math.min(3, f.maxForwards)) return undefined;
  const busy = stage.outcome === 'busy';
  const target = busy ? f.onBusy[used.busy] : f.onNoAnswer[used.noAnswer];
  if (!target) return undefined;
  if (busy) used.busy++;
  else used.noAnswer++;
  used.total++;
  return target;
}
