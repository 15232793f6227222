// The time source of the SIP stack. Every timer in src/sip goes through a Clock so tests can run
// RFC 3261 timers (up to 64*T1 = 32 s) on fake time instead of sleeping.

/** Opaque handle returned by Clock.setTimeout. */
export interface TimerHandle {
  readonly __timerHandle: true;
}

export interface Clock {
  /** Milliseconds on a monotonic-enough scale; only differences are meaningful. */
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(h: TimerHandle): void;
}

/**
 * The real clock: performance.now() and Node timers (unref'd so a pending timer never keeps the
 * process alive). The handle is the Node Timeout itself (no wrapper object per timer).
 */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout(fn, ms) {
    const timer = setTimeout(fn, Math.max(0, ms));
    timer.unref();
    return timer as unknown as TimerHandle;
  },
  clearTimeout(h) {
    clearTimeout(h as unknown as NodeJS.Timeout);
  },
};
