// The one time source of the code base. Every timer and every reading of time goes through a
// Clock, so tests run RFC 3261 timers (up to 64*T1 = 32 s), ring timeouts, media pacing and retry
// back-offs on fake time (kernel/fake-clock.ts) instead of sleeping.

/** Opaque handle returned by Clock.setTimeout. */
export interface TimerHandle {
  readonly __timerHandle: true;
}

export interface Clock {
  /** Monotonic milliseconds (fractional allowed); only differences are meaningful. */
  now(): number;
  /** Wall time in epoch milliseconds (UTC): for what is stored, sent or shown. */
  wallNow(): number;
  /** Runs `fn` once after `ms` (never keeps the process alive on its own). */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(h: TimerHandle): void;
}

/**
 * The real clock: performance.now(), Date.now() and Node timers (unref'd so a pending timer never
 * keeps the process alive). The handle is the Node Timeout itself (no wrapper object per timer).
 */
export const systemClock: Clock = {
  now: () => performance.now(),
  wallNow: () => Date.now(),
  setTimeout(fn, ms) {
    const timer = setTimeout(fn, Math.max(0, ms));
    timer.unref();
    return timer as unknown as TimerHandle;
  },
  clearTimeout(h) {
    clearTimeout(h as unknown as NodeJS.Timeout);
  },
};
